import Crypto
import Foundation
import Logging
import MatrixAppService

/// The crypto state of one agent device: its olm account, olm sessions and inbound megolm sessions.
///
/// libolm objects are created, used and pickled only inside this actor; what leaves it are values
/// (keys, plaintext JSON, events). Everything is saved as a pickle under the config's pickle key, and the
/// account is always saved *before* keys it generated are uploaded (see `setUp`).
public actor OlmMachine {
    public nonisolated let owner: CryptoOwner
    /// The agent user acting as this device (`?user_id=…&device_id=…`).
    let intent: Intent
    let store: any CryptoStore
    let pickleKey: OlmPickleKey
    let displayname: String?
    let logger: Logger

    /// How many signed one-time keys we keep on the homeserver.
    public static let oneTimeKeyTarget = 50
    /// Key counts in transactions queued before an upload are stale; they are ignored this long after one.
    let countSettleSeconds: TimeInterval

    var account: (OlmAccount)?
    /// The unclaimed one-time keys the homeserver last reported for this device (for `!crypto`).
    public private(set) var reportedOneTimeKeys: Int?
    private var published = false
    private var uploading = false
    private var lastUpload: Date?
    /// Olm sessions by the other device's identity key, most recently used first.
    var olmSessions: [Curve25519Key: [OlmSession]] = [:]
    /// Our megolm session per room (see OlmMachine+EncryptMegolm).
    var outbound: [RoomID: OutboundState] = [:]
    /// One encrypting send per room at a time (see RoomSendQueue).
    var sendQueue = RoomSendQueue()
    var groupSessions: [String: (session: OlmInboundGroupSession, stored: StoredInboundGroupSession)] = [:]
    /// Sessions we sent an `m.room_key_request` for, and the user asked: only they may forward the key.
    var requestedKeys: RequestedKeys
    let limits: CryptoLimits
    /// Stored olm and megolm uses since the last prune (see CryptoLimits.pruneEvery).
    private var usesSincePrune = 0
    /// Verification levels and the withheld notices sent (see OlmMachine+Trust).
    var trust = TrustState()

    public init(owner: CryptoOwner, intent: Intent, store: any CryptoStore,
                pickleKey: OlmPickleKey, displayname: String? = nil, countSettleSeconds: TimeInterval = 10,
                limits: CryptoLimits = .standard, logger: Logger) {
        self.owner = owner
        self.limits = limits
        self.requestedKeys = RequestedKeys(limit: limits.requestedKeys)
        self.countSettleSeconds = countSettleSeconds
        self.intent = intent.withDevice(owner.device)
        self.store = store
        self.pickleKey = pickleKey
        self.displayname = displayname
        var logger = logger
        logger[metadataKey: "device"] = "\(owner)"
        self.logger = logger
    }

    /// A stable device id for an agent: `TROUPE_<NAME>`, upper-cased, anything but letters, digits and `_` as `_`.
    public static func deviceID(forAgent name: String) -> DeviceID {
        let cleaned = name.uppercased().unicodeScalars.map { scalar -> String in
            (scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_")) ? String(scalar) : "_"
        }.joined()
        return DeviceID("TROUPE_" + cleaned)
    }

    public var identityKeys: IdentityKeys? { account?.identityKeys }
    public var isReady: Bool { account != nil && published }

    // MARK: Account

    /// Loads the account, or creates device and account and publishes its keys.
    ///
    /// A new account is pickled and saved before its first `/keys/upload`, and marked published after. An
    /// account saved but never published re-uploads the same keys (signatures are deterministic, so the
    /// homeserver sees the identical keys). A device whose account is lost, or whose keys the homeserver
    /// refuses, is deleted and created again with a new account: never uploaded over.
    public func setUp() async throws {
        guard account == nil else { return }
        try await intent.ensureRegistered()
        if let stored = try await store.account(owner) {
            let loaded = try OlmAccount(pickle: stored.pickle, key: pickleKey)
            account = loaded
            published = stored.published
            if stored.published {
                logger.info("olm account loaded", metadata: ["curve25519": "\(loaded.identityKeys.curve25519)"])
                await prune()
                return
            }
            do {
                try await publish(includeDeviceKeys: true)
                logger.info("olm account published after an interrupted upload")
                return
            } catch let error as MatrixError where error.status == 400 {
                logger.warning("the homeserver refused the saved account's keys; recreating the device",
                               metadata: ["error": "\(error)"])
                account = nil
                published = false
            }
        }
        try await createDeviceAndAccount()
    }

    private func createDeviceAndAccount() async throws {
        // Whatever the homeserver holds for this device belongs to an account we no longer have.
        try await store.deleteAccount(owner)
        olmSessions = [:]
        groupSessions = [:]
        outbound = [:]
        try await intent.deleteDevice(id: owner.device)
        try await intent.createDevice(id: owner.device, displayname: displayname)
        let fresh = try OlmAccount()
        try fresh.generateOneTimeKeys(count: Self.oneTimeKeyTarget)
        try fresh.generateFallbackKey()
        account = fresh
        published = false
        try await saveAccount()
        try await publish(includeDeviceKeys: true)
        logger.info("olm device created and keys published", metadata: [
            "curve25519": "\(fresh.identityKeys.curve25519)", "ed25519": "\(fresh.identityKeys.ed25519)",
        ])
    }

    func saveAccount() async throws {
        guard let account else { throw CryptoError.notSetUp }
        try await store.saveAccount(StoredAccount(owner: owner, pickle: try account.pickle(key: pickleKey), published: published))
    }

    /// Drops stored state beyond `limits` (at start, and every `pruneEvery` stored uses). A failure is logged:
    /// it costs space, not correctness.
    public func prune() async {
        usesSincePrune = 0
        do {
            let report = try await store.prune(owner, limits: limits, now: Date())
            // Cached sessions may be among the pruned ones; the cache is refilled from the store on demand.
            if report.olmSessions > 0 { olmSessions = [:] }
            if report.total > 0 {
                logger.info("crypto state pruned", metadata: [
                    "olm_sessions": "\(report.olmSessions)", "olm_hashes": "\(report.olmHashes)",
                    "withheld": "\(report.withheld)", "message_indexes": "\(report.messageIndexes)",
                ])
            }
        } catch {
            logger.error("could not prune crypto state", metadata: ["error": "\(error)"])
        }
    }

    /// Counts a stored use (olm session, hash, message index, withheld notice) and prunes every `pruneEvery`.
    func countStoredUse() async {
        usesSincePrune += 1
        if usesSincePrune >= limits.pruneEvery { await prune() }
    }

    /// The signed `device_keys` object for `/keys/upload`.
    func signedDeviceKeys() throws -> JSONValue {
        guard let account else { throw CryptoError.notSetUp }
        let device = owner.device.rawValue
        let keys: JSONValue = [
            "user_id": .string(owner.user.rawValue), "device_id": .string(device),
            "algorithms": [.string(CryptoAlgorithm.olm), .string(CryptoAlgorithm.megolm)],
            "keys": .object([
                "curve25519:\(device)": .string(account.identityKeys.curve25519.rawValue),
                "ed25519:\(device)": .string(account.identityKeys.ed25519.rawValue),
            ]),
        ]
        return try JSONSigning.sign(keys, entity: owner.user.rawValue, keyID: "ed25519:\(device)", with: account)
    }

    private func signedKey(_ key: Curve25519Key, fallback: Bool) throws -> JSONValue {
        guard let account else { throw CryptoError.notSetUp }
        var object: [String: JSONValue] = ["key": .string(key.rawValue)]
        if fallback { object["fallback"] = true }
        return try JSONSigning.sign(.object(object), entity: owner.user.rawValue, keyID: "ed25519:\(owner.device.rawValue)",
                                    with: account)
    }

    /// Uploads the unpublished one-time keys and fallback key (and the device keys when asked), then marks
    /// them published and saves. The caller has saved the account holding these keys already.
    private func publish(includeDeviceKeys: Bool) async throws {
        guard let account else { throw CryptoError.notSetUp }
        var body: [String: JSONValue] = [:]
        if includeDeviceKeys { body["device_keys"] = try signedDeviceKeys() }
        var oneTimeKeys: [String: JSONValue] = [:]
        for (id, key) in try account.oneTimeKeys() {
            oneTimeKeys["\(CryptoAlgorithm.signedCurve25519):\(id)"] = try signedKey(key, fallback: false)
        }
        if !oneTimeKeys.isEmpty { body["one_time_keys"] = .object(oneTimeKeys) }
        if let fallback = try account.unpublishedFallbackKey() {
            body["fallback_keys"] = .object(["\(CryptoAlgorithm.signedCurve25519):\(fallback.keyID)": try signedKey(fallback.key, fallback: true)])
        }
        guard !body.isEmpty else { return }
        uploading = true
        defer { uploading = false }
        let counts = try await intent.uploadKeys(.object(body))
        try account.markKeysAsPublished()
        published = true
        lastUpload = Date()
        try await saveAccount()
        logger.debug("keys uploaded", metadata: [
            "one_time_keys": "\(oneTimeKeys.count)", "fallback": "\(body["fallback_keys"] != nil)",
            "server_count": "\(counts[CryptoAlgorithm.signedCurve25519] ?? 0)",
        ])
    }

    /// Tops up one-time keys and replaces a used fallback key, from the counts a transaction carried.
    /// `oneTimeKeys` nil or `fallbackTypes` nil mean the transaction said nothing about this device.
    public func handleKeyCounts(oneTimeKeys: Int?, fallbackTypes: [String]?) async {
        if let oneTimeKeys { reportedOneTimeKeys = oneTimeKeys }
        guard let account, published, !uploading else { return }
        if let lastUpload, Date().timeIntervalSince(lastUpload) < countSettleSeconds { return }
        do {
            var changed = false
            if let count = oneTimeKeys, count < Self.oneTimeKeyTarget {
                let wanted = min(Self.oneTimeKeyTarget - count, account.maxNumberOfOneTimeKeys / 2)
                try account.generateOneTimeKeys(count: wanted)
                changed = true
            }
            if let fallbackTypes, !fallbackTypes.contains(CryptoAlgorithm.signedCurve25519) {
                try account.generateFallbackKey()
                changed = true
            }
            guard changed else { return }
            try await saveAccount()
            try await publish(includeDeviceKeys: false)
        } catch {
            logger.error("key top-up failed", metadata: ["error": "\(error)"])
        }
    }
}
