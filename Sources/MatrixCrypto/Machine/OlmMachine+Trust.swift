import Foundation
import Logging
import MatrixAppService

/// The machine's verification levels and what it remembers of applying them.
struct TrustState {
    /// `CryptoHandler` sets the configured levels before a machine takes events; a machine built on its own
    /// (tests) deals with every device.
    var levels = VerificationLevels.anyDevice
    /// `room|session|user|device` that got an `m.room_key.withheld` already (the room's current session only).
    var withheldSent: Set<String> = []
    /// This device is signed by the user's published self-signing key (see OlmMachine+CrossSigning).
    var crossSigned = false
}

/// Whether a decrypted room event's sending device passes `send`.
public enum SenderVerdict: Sendable, Hashable {
    case accepted
    /// `device` nil: the session's sender key matches no device the homeserver lists for the sender.
    case rejected(device: DeviceID?, trust: TrustLevel, masterKeyChanged: Bool)
}

/// Trust in other users' devices: cross-signing keys from `/keys/query`, the master key pinned on first use,
/// and the level each device reaches, applied to who gets our keys (`receive`) and whose messages count (`send`).
extension OlmMachine {
    public func setVerificationLevels(_ levels: VerificationLevels) { trust.levels = levels }
    public var verificationLevels: VerificationLevels { trust.levels }
    public var isCrossSigned: Bool { trust.crossSigned }

    /// Records the master and self-signing keys a `/keys/query` answer lists for `users`. A user's first master
    /// key is pinned; a different one later is kept as current, logged, and not trusted (`cross-signed-untrusted`)
    /// until the pin is renewed (`trustCurrentMasterKey`).
    func recordCrossSigningKeys(from answer: JSONValue, of users: [UserID]) async throws {
        for user in users {
            guard let master = CrossSigningChain.key(of: answer["master_keys"]?[user.rawValue], user: user, usage: "master") else {
                continue
            }
            let selfSigning = CrossSigningChain.selfSigningKey(answer["self_signing_keys"]?[user.rawValue], master: master, user: user)
            let known = try await store.knownCrossSigning(user)
            let next = KnownCrossSigningKeys(user: user, pinnedMaster: known?.pinnedMaster ?? master, currentMaster: master,
                                             selfSigning: selfSigning)
            guard next != known else { continue }
            if known == nil {
                logger.info("master key pinned on first use", metadata: ["user_id": "\(user)", "master": "\(master)"])
            } else if next.masterChanged, known?.currentMaster != master {
                logger.warning("master key changed: the user's devices are not trusted until an admin accepts the new key",
                               metadata: ["user_id": "\(user)", "pinned": "\(next.pinnedMaster)", "new": "\(master)"])
            }
            try await store.saveKnownCrossSigning(next)
        }
    }

    /// Accepts `user`'s current master key as the pinned one (after the user confirmed they reset their identity).
    /// Returns false when no cross-signing keys of theirs are known.
    @discardableResult
    public func trustCurrentMasterKey(of user: UserID) async throws -> Bool {
        guard var known = try await store.knownCrossSigning(user) else { return false }
        known.pinnedMaster = known.currentMaster
        try await store.saveKnownCrossSigning(known)
        logger.notice("master key pinned again", metadata: ["user_id": "\(user)", "master": "\(known.currentMaster)"])
        return true
    }

    /// The trust a device reaches: cross-signed by its owner (master → self-signing → device), and whether the
    /// owner's master key is the pinned one. Our own agents' keys, whose private halves we hold, are verified.
    public func trustLevel(of device: TrackedDeviceKeys) async throws -> TrustLevel {
        guard let known = try await store.knownCrossSigning(device.user), let selfSigning = known.selfSigning,
              CrossSigningChain.isDeviceSigned(device.json, selfSigning: selfSigning, user: device.user)
        else { return .unverified }
        if let own = try await store.ownCrossSigning(device.user), own.master == known.currentMaster { return .crossSignedVerified }
        return known.masterChanged ? .crossSignedUntrusted : .crossSignedTOFU
    }

    /// Splits recipient devices by `receive`: those that get our room keys, and those that get a withheld notice.
    func partitionByReceive(_ devices: [TrackedDeviceKeys]) async throws
        -> (allowed: [TrackedDeviceKeys], excluded: [(device: TrackedDeviceKeys, trust: TrustLevel)])
    {
        let threshold = trust.levels.receive
        guard threshold > .unverified else { return (devices, []) }
        var allowed: [TrackedDeviceKeys] = []
        var excluded: [(device: TrackedDeviceKeys, trust: TrustLevel)] = []
        for device in devices {
            let level = try await trustLevel(of: device)
            if level.passes(threshold) { allowed.append(device) } else { excluded.append((device, level)) }
        }
        return (allowed, excluded)
    }

    /// Tells each excluded device, once per session, that it will not get the key (`m.room_key.withheld`,
    /// `m.unverified`, sent in the clear as the spec has it), so its user sees why instead of a bare failure.
    func withhold(_ session: MegolmSessionID, room: RoomID, from excluded: [(device: TrackedDeviceKeys, trust: TrustLevel)]) async {
        guard let account else { return }
        var messages: [String: [String: JSONValue]] = [:]
        var marks: [String] = []
        for (device, level) in excluded {
            let mark = [room.rawValue, session.rawValue, device.user.rawValue, device.device.rawValue].joined(separator: "|")
            guard !trust.withheldSent.contains(mark) else { continue }
            let reason = level == .unverified
                ? "This device is not cross-signed by its owner; verify it (or sign it with your identity) to read this room."
                : "Your cross-signing identity changed since this agent pinned it; it trusts your devices again once an admin "
                    + "accepts the new identity."
            messages[device.user.rawValue, default: [:]][device.device.rawValue] = [
                "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue), "session_id": .string(session.rawValue),
                "sender_key": .string(account.identityKeys.curve25519.rawValue), "code": "m.unverified", "reason": .string(reason),
                "from_device": .string(owner.device.rawValue),
            ]
            marks.append(mark)
        }
        guard !messages.isEmpty else { return }
        do {
            try await intent.sendToDevice(type: "m.room_key.withheld", messages: .object(messages.mapValues { .object($0) }))
            // Only the room's current session needs remembering: marks of its earlier sessions go.
            let roomPrefix = room.rawValue + "|"
            let currentPrefix = roomPrefix + session.rawValue + "|"
            trust.withheldSent = trust.withheldSent.filter { !$0.hasPrefix(roomPrefix) || $0.hasPrefix(currentPrefix) }
            trust.withheldSent.formUnion(marks)
            logger.info("room key withheld from devices below the receive level", metadata: [
                "room_id": "\(room)", "session_id": "\(session)", "devices": "\(marks.count)", "receive": "\(trust.levels.receive)",
            ])
        } catch {
            logger.warning("could not send m.room_key.withheld", metadata: ["room_id": "\(room)", "error": "\(error)"])
        }
    }

    /// Whether the device that sent an encrypted room event (the one whose olm session gave us the megolm key)
    /// passes `send`. Events from our own device always pass.
    public func senderVerdict(for event: ClientEvent) async throws -> SenderVerdict {
        let threshold = trust.levels.send
        guard threshold > .unverified else { return .accepted }
        // No session of ours behind the event: nothing vouches for its sender, so it does not pass.
        guard let raw = event.content["session_id"]?.stringValue,
              let session = try await store.inboundGroupSession(owner, room: event.roomID, sessionID: MegolmSessionID(raw))
        else { return .rejected(device: nil, trust: .unverified, masterKeyChanged: false) }
        if session.senderKey == account?.identityKeys.curve25519 { return .accepted }
        var device = try await queryDevices(of: [event.sender]).first { $0.user == event.sender && $0.curve25519 == session.senderKey }
        if device == nil {
            // A device that appeared after we last fetched the sender's list: fetch it once more.
            try await store.markDeviceListsOutdated([event.sender])
            device = try await queryDevices(of: [event.sender]).first { $0.user == event.sender && $0.curve25519 == session.senderKey }
        }
        guard let device else { return .rejected(device: nil, trust: .unverified, masterKeyChanged: false) }
        let level = try await trustLevel(of: device)
        if level.passes(threshold) { return .accepted }
        let changed = try await store.knownCrossSigning(device.user)?.masterChanged ?? false
        return .rejected(device: device.device, trust: level, masterKeyChanged: changed)
    }
}
