import Crypto
import Foundation
import Logging

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
    let driver: any OlmDriver
    let pickleKey: OlmPickleKey
    let displayname: String?
    let logger: Logger

    /// How many signed one-time keys we keep on the homeserver.
    public static let oneTimeKeyTarget = 50
    /// Key counts in transactions queued before an upload are stale; they are ignored this long after one.
    let countSettleSeconds: TimeInterval

    var account: (any OlmAccountProtocol)?
    /// The unclaimed one-time keys the homeserver last reported for this device (for `!crypto`).
    public private(set) var reportedOneTimeKeys: Int?
    private var published = false
    private var uploading = false
    private var lastUpload: Date?
    /// Olm sessions by the other device's identity key, most recently used first.
    var olmSessions: [Curve25519Key: [any OlmSessionProtocol]] = [:]
    /// Our megolm session per room (see OlmMachine+Megolm).
    var outbound: [RoomID: OutboundState] = [:]
    /// One encrypting send per room at a time (see RoomSendQueue).
    var sendQueue = RoomSendQueue()
    private var groupSessions: [String: (session: any OlmInboundGroupSessionProtocol, stored: StoredInboundGroupSession)] = [:]
    /// Sessions we sent an `m.room_key_request` for, and the user asked: only they may forward the key.
    var requestedKeys: RequestedKeys
    let limits: CryptoLimits
    /// Stored olm and megolm uses since the last prune (see CryptoLimits.pruneEvery).
    private var usesSincePrune = 0
    /// Verification levels and the withheld notices sent (see OlmMachine+Trust).
    var trust = TrustState()

    public init(owner: CryptoOwner, intent: Intent, store: any CryptoStore, driver: any OlmDriver = LibOlm(),
                pickleKey: OlmPickleKey, displayname: String? = nil, countSettleSeconds: TimeInterval = 10,
                limits: CryptoLimits = .standard, logger: Logger) {
        self.owner = owner
        self.limits = limits
        self.requestedKeys = RequestedKeys(limit: limits.requestedKeys)
        self.countSettleSeconds = countSettleSeconds
        self.intent = intent.withDevice(owner.device)
        self.store = store
        self.driver = driver
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
            let loaded = try driver.unpickleAccount(stored.pickle, key: pickleKey)
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
        let fresh = try driver.createAccount()
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

    private func saveAccount() async throws {
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

    // MARK: Olm (to-device)

    func sessions(with senderKey: Curve25519Key) async throws -> [any OlmSessionProtocol] {
        if let cached = olmSessions[senderKey] { return cached }
        var loaded: [any OlmSessionProtocol] = []
        for stored in try await store.olmSessions(owner, senderKey: senderKey) {
            loaded.append(try driver.unpickleSession(stored.pickle, key: pickleKey))
        }
        if let cached = olmSessions[senderKey] { return cached }  // filled while we were loading
        olmSessions[senderKey] = loaded
        return loaded
    }

    /// Decrypts an olm `m.room.encrypted` to-device event for this device and checks its payload.
    public func decryptToDevice(_ event: ToDeviceEvent) async throws -> DecryptedToDeviceEvent {
        guard let account else { throw CryptoError.notSetUp }
        let content = event.content
        let algorithm = content["algorithm"]?.stringValue ?? ""
        guard algorithm == CryptoAlgorithm.olm else { throw CryptoError.unsupportedAlgorithm(algorithm) }
        guard let senderKeyRaw = content["sender_key"]?.stringValue else { throw CryptoError.malformed("no sender_key") }
        let senderKey = Curve25519Key(senderKeyRaw)
        guard let ours = content["ciphertext"]?[account.identityKeys.curve25519.rawValue] else { throw CryptoError.notForThisDevice }
        guard let typeNumber = ours["type"]?.intValue, let kind = OlmMessage.Kind(rawValue: Int(typeNumber)),
              let body = ours["body"]?.stringValue
        else { throw CryptoError.malformed("bad ciphertext entry") }
        let message = OlmMessage(type: kind, body: body)
        let hash = Self.hash(senderKey.rawValue + "|" + body)
        if try await store.hasOlmHash(owner, hash) { throw CryptoError.duplicateOlmMessage }

        var known = try await sessions(with: senderKey)
        var plaintext: Data?
        var used: (any OlmSessionProtocol)?
        for session in known {
            if kind == .preKey, (try? session.matchesInbound(preKeyMessage: body, from: senderKey)) != true { continue }
            if let decrypted = try? session.decrypt(message) {
                plaintext = decrypted
                used = session
                break
            }
        }
        if plaintext == nil {
            guard kind == .preKey else { throw CryptoError.noOlmSession(senderKey: senderKey) }
            let session: any OlmSessionProtocol
            do {
                session = try account.inboundSession(preKeyMessage: body, from: senderKey)
                plaintext = try session.decrypt(message)
                try account.removeOneTimeKeys(for: session)
            } catch let error as OlmError {
                throw CryptoError.olm(error)
            }
            try await saveAccount()
            known.insert(session, at: 0)
            olmSessions[senderKey] = known
            used = session
            logger.info("new inbound olm session", metadata: ["sender": "\(event.sender)", "sender_key": "\(senderKey)",
                                                              "session_id": "\(session.sessionID)"])
        }
        guard let plaintext, let used else { throw CryptoError.noOlmSession(senderKey: senderKey) }
        try await store.saveOlmSession(owner, StoredOlmSession(sessionID: used.sessionID, senderKey: senderKey,
                                                               pickle: try used.pickle(key: pickleKey), lastUsedAt: Date()))
        _ = try await store.recordOlmHash(owner, hash)
        await countStoredUse()
        return try checkPayload(plaintext, event: event, senderKey: senderKey, ourKey: account.identityKeys.ed25519)
    }

    /// The checks the spec asks for on a decrypted olm payload: who sent it, to whom, for which keys.
    private func checkPayload(_ plaintext: Data, event: ToDeviceEvent, senderKey: Curve25519Key, ourKey: Ed25519Key) throws
        -> DecryptedToDeviceEvent
    {
        guard let payload = try? JSONValue.decode(plaintext), payload.objectValue != nil else {
            throw CryptoError.malformed("the olm plaintext is not a JSON object")
        }
        guard payload["sender"]?.stringValue == event.sender.rawValue else { throw CryptoError.payloadMismatch(field: "sender") }
        guard payload["recipient"]?.stringValue == owner.user.rawValue else { throw CryptoError.payloadMismatch(field: "recipient") }
        guard payload["recipient_keys"]?["ed25519"]?.stringValue == ourKey.rawValue else {
            throw CryptoError.payloadMismatch(field: "recipient_keys")
        }
        guard let type = payload["type"]?.stringValue, let content = payload["content"] else {
            throw CryptoError.malformed("the olm payload has no type or content")
        }
        return DecryptedToDeviceEvent(type: type, content: content, sender: event.sender, senderKey: senderKey,
                                      senderSigningKey: payload["keys"]?["ed25519"]?.stringValue.map(Ed25519Key.init))
    }

    /// Checks the claimed signing key against the sender's device keys when we know them (from `/keys/query`).
    private func checkSigningKey(_ decrypted: DecryptedToDeviceEvent) async throws {
        guard let claimed = decrypted.senderSigningKey else { throw CryptoError.payloadMismatch(field: "keys") }
        let devices = try await store.deviceKeys(of: decrypted.sender)
        if let device = devices.first(where: { $0.curve25519 == decrypted.senderKey }), device.ed25519 != claimed {
            throw CryptoError.payloadMismatch(field: "keys.ed25519")
        }
    }

    static func hash(_ text: String) -> String {
        Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }

    // MARK: Room keys

    /// Stores the megolm session an olm-decrypted `m.room_key` carries, after checking its session id.
    /// Returns the room and session it was for.
    @discardableResult
    public func handleRoomKey(_ decrypted: DecryptedToDeviceEvent) async throws -> (room: RoomID, session: MegolmSessionID) {
        try await checkSigningKey(decrypted)
        let content = decrypted.content
        let algorithm = content["algorithm"]?.stringValue ?? ""
        guard algorithm == CryptoAlgorithm.megolm else { throw CryptoError.unsupportedAlgorithm(algorithm) }
        guard let room = content["room_id"]?.stringValue, let sessionID = content["session_id"]?.stringValue,
              let sessionKey = content["session_key"]?.stringValue
        else { throw CryptoError.malformed("m.room_key without room_id, session_id or session_key") }
        let session: any OlmInboundGroupSessionProtocol
        do {
            session = try driver.createInboundGroupSession(sessionKey: sessionKey)
        } catch let error as OlmError {
            throw CryptoError.olm(error)
        }
        guard session.sessionID.rawValue == sessionID else {
            throw CryptoError.sessionIDMismatch(claimed: sessionID, actual: session.sessionID.rawValue)
        }
        let roomID = RoomID(room)
        let id = MegolmSessionID(sessionID)
        if let existing = try await store.inboundGroupSession(owner, room: roomID, sessionID: id) {
            // Whoever has a session's key can pass it on as their own: the first sender stays bound to it.
            guard existing.senderKey == decrypted.senderKey, existing.senderUser.map({ $0 == decrypted.sender }) ?? true else {
                throw CryptoError.roomKeyFromOtherSender(id)
            }
            if existing.firstKnownIndex <= session.firstKnownIndex { return (roomID, id) }  // ours decrypts at least as much
        }
        let stored = StoredInboundGroupSession(roomID: roomID, sessionID: id, senderKey: decrypted.senderKey,
                                               signingKey: decrypted.senderSigningKey, pickle: try session.pickle(key: pickleKey),
                                               firstKnownIndex: session.firstKnownIndex, senderUser: decrypted.sender)
        try await keep(session, stored)
        logger.info("room key stored", metadata: ["room_id": "\(roomID)", "session_id": "\(id)", "sender": "\(decrypted.sender)"])
        return (roomID, id)
    }

    func keep(_ session: any OlmInboundGroupSessionProtocol, _ stored: StoredInboundGroupSession) async throws {
        try await store.saveInboundGroupSession(owner, stored)
        cache(session, stored)
    }

    /// The decoded-session cache is bounded; when full it starts over (the store holds every session).
    private func cache(_ session: any OlmInboundGroupSessionProtocol, _ stored: StoredInboundGroupSession) {
        if groupSessions.count >= limits.cachedGroupSessions { groupSessions = [:] }
        groupSessions[Self.cacheKey(stored.roomID, stored.sessionID)] = (session, stored)
    }

    /// Stores an `m.room_key.withheld` notice (sent in the clear), with who sent it: it explains only that
    /// user's events. A notice for a session we hold is ignored.
    public func handleWithheld(_ event: ToDeviceEvent) async throws {
        let content = event.content
        guard let room = content["room_id"]?.stringValue, let session = content["session_id"]?.stringValue,
              let code = content["code"]?.stringValue
        else { return }
        guard try await groupSession(RoomID(room), MegolmSessionID(session)) == nil else { return }
        try await store.saveWithheld(owner, WithheldNotice(
            roomID: RoomID(room), sessionID: MegolmSessionID(session), senderKey: Curve25519Key(content["sender_key"]?.stringValue ?? ""),
            code: code, reason: content["reason"]?.stringValue, sender: event.sender))
        await countStoredUse()
    }

    static func cacheKey(_ room: RoomID, _ session: MegolmSessionID) -> String { room.rawValue + "\u{0}" + session.rawValue }

    private func groupSession(_ room: RoomID, _ id: MegolmSessionID) async throws
        -> (session: any OlmInboundGroupSessionProtocol, stored: StoredInboundGroupSession)?
    {
        if let cached = groupSessions[Self.cacheKey(room, id)] { return cached }
        guard let stored = try await store.inboundGroupSession(owner, room: room, sessionID: id) else { return nil }
        if let cached = groupSessions[Self.cacheKey(room, id)] { return cached }
        let session = try driver.unpickleInboundGroupSession(stored.pickle, key: pickleKey)
        cache(session, stored)
        return (session, stored)
    }

    /// Whether this device holds the megolm session an encrypted room event needs.
    public func hasRoomKey(for event: ClientEvent) async -> Bool {
        guard let id = event.content["session_id"]?.stringValue else { return false }
        return (try? await groupSession(event.roomID, MegolmSessionID(id))) != nil
    }

    /// Asks the sender's devices for a megolm session we lack (`m.room_key_request`, sent in the clear as the
    /// spec has it). The request id is derived from the session, so asking twice sends the same request.
    public func requestRoomKey(for event: ClientEvent) async throws {
        guard let session = event.content["session_id"]?.stringValue else { throw CryptoError.malformed("no session_id") }
        var body: [String: JSONValue] = [
            "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(event.roomID.rawValue), "session_id": .string(session),
        ]
        if let senderKey = event.content["sender_key"]?.stringValue { body["sender_key"] = .string(senderKey) }
        let requestID = String(Self.hash(owner.device.rawValue + "|" + event.roomID.rawValue + "|" + session).prefix(16))
        let content: JSONValue = [
            "action": "request", "body": .object(body), "request_id": .string(requestID),
            "requesting_device_id": .string(owner.device.rawValue),
        ]
        let devices = event.content["device_id"]?.stringValue.map { [$0] } ?? ["*"]
        let messages: JSONValue = [event.sender.rawValue: .object(Dictionary(uniqueKeysWithValues: devices.map { ($0, content) }))]
        requestedKeys.insert(Self.cacheKey(event.roomID, MegolmSessionID(session)), askedOf: event.sender)
        try await intent.sendToDevice(type: "m.room_key_request", messages: messages, txnID: "troupe-keyreq-\(requestID)")
        logger.info("room key requested", metadata: ["room_id": "\(event.roomID)", "session_id": "\(session)",
                                                     "sender": "\(event.sender)", "request_id": "\(requestID)"])
    }

    // MARK: Megolm (room events)

    /// Decrypts a megolm `m.room.encrypted` room event: the result is the event with the plaintext's type and
    /// content. Refuses replays (a message index seen in another event) and payloads from another room.
    public func decryptRoomEvent(_ event: ClientEvent) async throws -> ClientEvent {
        let content = event.content
        let algorithm = content["algorithm"]?.stringValue ?? ""
        guard algorithm == CryptoAlgorithm.megolm else { throw CryptoError.unsupportedAlgorithm(algorithm) }
        guard let sessionRaw = content["session_id"]?.stringValue, let ciphertext = content["ciphertext"]?.stringValue else {
            throw CryptoError.malformed("no session_id or ciphertext")
        }
        let sessionID = MegolmSessionID(sessionRaw)
        guard let (session, stored) = try await groupSession(event.roomID, sessionID) else {
            // Only the event's own sender can withhold its key; a notice from anyone else explains nothing.
            if let notice = try await store.withheld(owner, room: event.roomID, sessionID: sessionID), notice.sender == event.sender {
                throw CryptoError.withheld(code: notice.code, reason: notice.reason)
            }
            throw CryptoError.missingRoomKey(sessionID)
        }
        // A session decrypts only the events of the user who gave it to us.
        if let sharedBy = stored.senderUser, sharedBy != event.sender {
            throw CryptoError.senderMismatch(sender: event.sender, sharedBy: sharedBy)
        }
        // `sender_key` is deprecated and may be absent; when present it must be the key the session came from.
        if let claimed = content["sender_key"]?.stringValue, claimed != stored.senderKey.rawValue { throw CryptoError.senderKeyMismatch }
        let plaintext: Data
        let index: UInt32
        do {
            (plaintext, index) = try session.decrypt(ciphertext)
        } catch let error as OlmError {
            throw CryptoError.olm(error)
        }
        let first = try await store.recordMessageIndex(owner, sessionID: sessionID, senderKey: stored.senderKey, index: index,
                                                       use: MessageIndexUse(eventID: event.eventID, originServerTS: event.originServerTS))
        await countStoredUse()
        guard first.eventID == event.eventID, first.originServerTS == event.originServerTS else {
            throw CryptoError.replayed(index: index, firstEvent: first.eventID)
        }
        guard let payload = try? JSONValue.decode(plaintext), let type = payload["type"]?.stringValue else {
            throw CryptoError.malformed("the megolm plaintext is not an event")
        }
        guard payload["room_id"]?.stringValue == event.roomID.rawValue else {
            throw CryptoError.roomMismatch(claimed: payload["room_id"]?.stringValue ?? "none")
        }
        var decrypted = event
        decrypted.type = type
        var plainContent = payload["content"]?.objectValue ?? [:]
        // Relations stay in the clear (so servers can aggregate them); carry them over.
        if plainContent["m.relates_to"] == nil, let relation = content["m.relates_to"] { plainContent["m.relates_to"] = relation }
        decrypted.content = .object(plainContent)
        return decrypted
    }
}
