import Foundation
import Logging
import MatrixAppService

/// Routes the crypto parts of each transaction to the agent devices' machines: to-device events by
/// `to_user_id`/`to_device_id`, key counts per device; and is the dispatcher's decrypt stage for room events
/// (`RoomEventDecryptor`, see CryptoHandler+Decryption) and the Intents' encryptor (`RoomEventEncryptor`).
///
/// The dispatcher hands it to-device events before any timeline event of the same transaction, so keys that
/// arrive in a transaction are stored before its timeline events are decrypted.
public actor CryptoHandler: TransactionHandler, RoomEventEncryptor, RoomEventDecryptor {
    var machines: [UserID: OlmMachine] = [:]
    private let devices: DeviceFactory?
    let logger: Logger
    /// Events waiting for their room key right now (`decryptWaitingForKey`), at most `maxKeyWaits`: anyone in
    /// a room can send events whose keys never come.
    public internal(set) var keyWaits = 0
    public let maxKeyWaits: Int
    public static let defaultMaxKeyWaits = 100
    /// How long an event whose room key has not arrived waits for it, before and again after the key request.
    public let keyWait: Duration
    public static let defaultKeyWait: Duration = .seconds(5)

    /// - Parameter devices: what `setUpDevice` needs; without it only `add` brings machines in (tests).
    public init(logger: Logger, devices: DeviceFactory? = nil, maxKeyWaits: Int = CryptoHandler.defaultMaxKeyWaits,
                keyWait: Duration = CryptoHandler.defaultKeyWait) {
        self.logger = logger
        self.devices = devices
        self.maxKeyWaits = maxKeyWaits
        self.keyWait = keyWait
    }

    /// Whether `user` is one of ours (the appservice's namespace; without a factory, a user with a machine here).
    func isOurs(_ user: UserID) -> Bool {
        devices?.appservice.isOurs(user) ?? (machines[user] != nil)
    }

    /// Loads or creates the device and olm account of one of our users and routes its events here from
    /// now on. The device id stays what the store has for the user, else `fallbackDevice`.
    @discardableResult
    public func setUpDevice(for user: UserID, fallbackDevice: DeviceID, displayname: String?) async throws -> OlmMachine {
        if let existing = machines[user], await existing.isReady, await existing.isCrossSigned { return existing }
        guard let devices else { throw CryptoError.notSetUp }
        let device = try await devices.store.device(of: user) ?? fallbackDevice
        let machine = machines[user] ?? OlmMachine(
            owner: CryptoOwner(user: user, device: device), intent: devices.appservice.intent(for: user), store: devices.store,
            pickleKey: devices.pickleKey, displayname: displayname, logger: logger)
        machines[user] = machine
        await machine.setVerificationLevels(devices.levels)
        try await machine.setUp()
        // Cross-signed before it sends anything: Element shares keys only with devices their owner signed.
        try await machine.setUpCrossSigning()
        return machine
    }

    /// Adds a machine (set up or not: it takes events once `setUp` has succeeded).
    public func add(_ machine: OlmMachine) {
        machines[machine.owner.user] = machine
    }

    public func machine(for user: UserID) -> OlmMachine? { machines[user] }

    /// One line of facts per device, for the admin's `!crypto`.
    public func summaries() async -> [CryptoDeviceSummary] {
        var result: [CryptoDeviceSummary] = []
        for machine in machines.values {
            result.append(CryptoDeviceSummary(owner: machine.owner, identityKeys: await machine.identityKeys,
                                              ready: await machine.isReady, oneTimeKeys: await machine.reportedOneTimeKeys))
        }
        return result.sorted { $0.owner.user.rawValue < $1.owner.user.rawValue }
    }

    // MARK: TransactionHandler

    public func handleToDevice(_ events: [ToDeviceEvent]) async {
        for event in events {
            guard let machine = machines[event.toUserID], machine.owner.device == event.toDeviceID else { continue }
            let fields: Logger.Metadata = ["to_device": "\(machine.owner)", "sender": "\(event.sender)", "type": "\(event.type)"]
            do {
                switch event.type {
                case "m.room.encrypted":
                    let decrypted = try await machine.decryptToDevice(event)
                    switch decrypted.type {
                    case "m.room_key":
                        try await machine.handleRoomKey(decrypted)
                    case "m.forwarded_room_key":
                        try await machine.handleForwardedRoomKey(decrypted)
                    default:
                        logger.debug("decrypted to-device event ignored", metadata: fields.merging(["inner_type": "\(decrypted.type)"]) { $1 })
                    }
                case "m.room_key.withheld", "org.matrix.room_key.withheld":
                    try await machine.handleWithheld(event)
                case "m.room_key_request":
                    try await machine.handleKeyRequest(event)
                default:
                    break
                }
            } catch CryptoError.duplicateOlmMessage {
                logger.debug("olm message seen before", metadata: fields)
            } catch {
                logger.warning("to-device event not taken", metadata: fields.merging(["error": "\(error)"]) { $1 })
            }
        }
    }

    public func handleDeviceLists(_ changes: DeviceListChanges) async {
        let users = changes.changed + changes.left
        guard !users.isEmpty else { return }
        logger.info("device lists changed", metadata: ["users": "\(users.map(\.rawValue).sorted().joined(separator: ","))"])
        // Device lists are stored once for all our devices: any machine can mark them.
        await machines.values.first?.devicesChanged(users)
    }

    public func handleKeyCounts(oneTimeKeys: [UserID: [DeviceID: [String: Int]]],
                                unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]]) async {
        for (user, machine) in machines {
            let device = machine.owner.device
            let count = oneTimeKeys[user]?[device]?[CryptoAlgorithm.signedCurve25519] ?? oneTimeKeys[user]?[device].map { _ in 0 }
            let fallback = unusedFallbackKeyTypes[user]?[device]
            guard count != nil || fallback != nil else { continue }
            await machine.handleKeyCounts(oneTimeKeys: count, fallbackTypes: fallback)
        }
    }

    // MARK: Encrypting for the transport

    public func encrypt(room: RoomID, type: String, content: JSONValue, as user: UserID, members: [UserID], settings: JSONValue?)
        async throws -> (content: JSONValue, device: DeviceID)
    {
        guard let machine = machines[user], await machine.isReady else { throw CryptoError.notSetUp }
        let encrypted = try await machine.encryptRoomEvent(room: room, type: type, content: content, members: members,
                                                           settings: settings)
        return (encrypted, machine.owner.device)
    }
}

/// What it takes to give one of our users a device: the store, the pickle key, and the appservice to act as it.
public struct DeviceFactory: Sendable {
    let appservice: AppService
    let store: any CryptoStore
    let pickleKey: OlmPickleKey
    /// `encryption.verification_levels`.
    let levels: VerificationLevels

    public init(appservice: AppService, store: any CryptoStore, pickleKey: OlmPickleKey, levels: VerificationLevels = .default) {
        self.appservice = appservice
        self.store = store
        self.pickleKey = pickleKey
        self.levels = levels
    }
}

public struct CryptoDeviceSummary: Sendable {
    public var owner: CryptoOwner
    public var identityKeys: IdentityKeys?
    public var ready: Bool
    /// As the homeserver last reported it; nil until a transaction said.
    public var oneTimeKeys: Int?
}
