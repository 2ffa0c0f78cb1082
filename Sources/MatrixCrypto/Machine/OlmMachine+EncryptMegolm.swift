import Foundation
import Logging
import MatrixAppService

/// Sending into encrypted rooms: device keys of the room's members, olm sessions to their devices, our
/// megolm session shared with them over olm (`m.room_key`), then the event encrypted with it.
extension OlmMachine {
    /// The `m.room.encrypted` content for an event of `type` with `content`, shared with every device of
    /// `members` (ours excluded). `settings` is the room's `m.room.encryption` content (rotation periods).
    /// Throws rather than ever returning something unencrypted. Sends into one room take turns (see
    /// `RoomSendQueue`): each one's session is the one whose key was shared.
    public func encryptRoomEvent(room: RoomID, type: String, content: JSONValue, members: [UserID],
                                 settings: JSONValue? = nil) async throws -> JSONValue
    {
        try await withRoomTurn(room) {
            try await encryptHoldingTurn(room: room, type: type, content: content, members: members, settings: settings)
        }
    }

    /// Runs `body` while holding `room`'s turn: no other send into the room interleaves at its awaits.
    private func withRoomTurn<T>(_ room: RoomID, _ body: () async throws -> T) async throws -> T {
        if !sendQueue.tryAcquire(room) {
            await withCheckedContinuation { sendQueue.enqueue(room, $0) }
        }
        defer { sendQueue.release(room) }
        return try await body()
    }

    private func encryptHoldingTurn(room: RoomID, type: String, content: JSONValue, members: [UserID],
                                    settings: JSONValue?) async throws -> JSONValue
    {
        guard let account else { throw CryptoError.notSetUp }
        let member = try await queryDevices(of: members).filter { !($0.user == owner.user && $0.device == owner.device) }
        // Devices below `receive` never get the key (a device no longer trusted also rotates the session).
        let (devices, excluded) = try await partitionByReceive(member)
        let state = try await outboundSession(for: room, members: Set(members), devices: devices,
                                              policy: RotationPolicy(encryptionContent: settings))
        try await share(state.session, room: room, with: devices)
        await withhold(state.session.sessionID, room: room, from: excluded)
        let plaintext: JSONValue = ["type": .string(type), "content": content, "room_id": .string(room.rawValue)]
        let session = state.session
        let ciphertext = try session.encrypt(try plaintext.jsonData())
        try await store.saveOutboundGroupSession(owner, StoredOutboundGroupSession(
            roomID: room, sessionID: session.sessionID, pickle: try session.pickle(key: pickleKey), createdAt: state.createdAt,
            messageCount: state.messageCount + 1))
        if outbound[room]?.session.sessionID == session.sessionID { outbound[room]?.messageCount = state.messageCount + 1 }
        var encrypted: [String: JSONValue] = [
            "algorithm": .string(CryptoAlgorithm.megolm), "sender_key": .string(account.identityKeys.curve25519.rawValue),
            "ciphertext": .string(ciphertext), "session_id": .string(session.sessionID.rawValue),
            "device_id": .string(owner.device.rawValue),
        ]
        // Relations stay in the clear, so servers can aggregate edits and replies.
        if let relation = content["m.relates_to"] { encrypted["m.relates_to"] = relation }
        return .object(encrypted)
    }

    /// The room's current session, or a new one when the current one is due or someone who holds its key
    /// must not read what comes next. A new session is saved before anything is encrypted with it.
    private func outboundSession(for room: RoomID, members: Set<UserID>, devices: [TrackedDeviceKeys],
                                 policy: RotationPolicy) async throws -> OutboundState
    {
        var current = outbound[room]
        if current == nil, let stored = try await store.outboundGroupSession(owner, room: room) {
            let session = try OlmOutboundGroupSession(pickle: stored.pickle, key: pickleKey)
            let shared = try await store.sharedDevices(owner, room: room, session: session.sessionID)
            current = OutboundState(session: session, createdAt: stored.createdAt, messageCount: stored.messageCount,
                                    sharedWith: Dictionary(shared.map { (OutboundState.key($0.user, $0.device), $0) }) { $1 })
        }
        if let current {
            guard let reason = current.rotationReason(members: members, devices: devices, policy: policy) else {
                outbound[room] = current
                return current
            }
            logger.info("rotating the room's megolm session", metadata: ["room_id": "\(room)", "reason": "\(reason)"])
            outbound[room] = nil
        }
        let session = try OlmOutboundGroupSession()
        let fresh = OutboundState(session: session, createdAt: Date(), messageCount: 0, sharedWith: [:])
        // Our own inbound copy, so our messages decrypt when they come back (history, another of our agents' views).
        if let account {
            let inbound = try OlmInboundGroupSession(sessionKey: try session.sessionKey())
            try await keep(inbound, StoredInboundGroupSession(
                roomID: room, sessionID: session.sessionID, senderKey: account.identityKeys.curve25519,
                signingKey: account.identityKeys.ed25519, pickle: try inbound.pickle(key: pickleKey), firstKnownIndex: 0,
                senderUser: owner.user))
        }
        try await store.saveOutboundGroupSession(owner, StoredOutboundGroupSession(
            roomID: room, sessionID: session.sessionID, pickle: try session.pickle(key: pickleKey), createdAt: fresh.createdAt,
            messageCount: 0))
        outbound[room] = fresh
        logger.info("new outbound megolm session", metadata: ["room_id": "\(room)", "session_id": "\(session.sessionID)"])
        return fresh
    }

    /// Sends the session's key (from its current index) to every device that does not have it yet, in one
    /// `sendToDevice`, and records who got it.
    private func share(_ session: OlmOutboundGroupSession, room: RoomID, with devices: [TrackedDeviceKeys]) async throws {
        guard let account else { throw CryptoError.notSetUp }
        // Who has *this* session's key: the room's entry only counts while it still holds this session.
        let current = outbound[room].flatMap { $0.session.sessionID == session.sessionID ? $0 : nil }
        let pending = devices.filter { current?.sharedWith[OutboundState.key($0.user, $0.device)] == nil }
        guard !pending.isEmpty else { return }
        let sessionKey = try session.sessionKey()
        try await ensureOlmSessions(with: pending)
        var messages: [String: [String: JSONValue]] = [:]
        var reached: [SharedDevice] = []
        for device in pending {
            guard let olm = try await sessions(with: device.curve25519).first else {
                logger.warning("no olm session with a member device; it will not be able to read our messages",
                               metadata: ["user_id": "\(device.user)", "device_id": "\(device.device)"])
                continue
            }
            let content: JSONValue = [
                "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
                "session_id": .string(session.sessionID.rawValue), "session_key": .string(sessionKey),
            ]
            messages[device.user.rawValue, default: [:]][device.device.rawValue] =
                try await olmEncrypted(type: "m.room_key", content: content, for: device, over: olm, account: account)
            reached.append(SharedDevice(user: device.user, device: device.device, curve25519: device.curve25519))
        }
        guard !messages.isEmpty else { return }
        try await intent.sendToDevice(type: "m.room.encrypted", messages: .object(messages.mapValues { .object($0) }))
        try await store.markShared(owner, room: room, session: session.sessionID, with: reached)
        // The mark goes on the session that was shared; if the room moved on meanwhile, the store has it.
        if outbound[room]?.session.sessionID == session.sessionID {
            for device in reached { outbound[room]?.sharedWith[OutboundState.key(device.user, device.device)] = device }
        }
        logger.info("room key shared", metadata: ["room_id": "\(room)", "session_id": "\(session.sessionID)",
                                                  "devices": "\(reached.count)"])
    }
}

/// Our megolm session for one room, while it is in use.
struct OutboundState {
    var session: OlmOutboundGroupSession
    var createdAt: Date
    var messageCount: Int
    /// Every device that got the key, by `user|device`.
    var sharedWith: [String: SharedDevice]

    static func key(_ user: UserID, _ device: DeviceID) -> String { user.rawValue + "|" + device.rawValue }

    /// Why this session must not be used for the next message, or nil when it may.
    func rotationReason(members: Set<UserID>, devices: [TrackedDeviceKeys], policy: RotationPolicy) -> String? {
        if policy.isDue(messageCount: messageCount, createdAt: createdAt) { return "rotation period reached" }
        let current = Dictionary(devices.map { (Self.key($0.user, $0.device), $0.curve25519) }) { first, _ in first }
        for shared in sharedWith.values {
            // Someone who had the key left: they must not read what comes next.
            guard members.contains(shared.user) else { return "a member left" }
            // A device logged out or its keys changed: whoever holds the old device's keys must not either.
            guard current[Self.key(shared.user, shared.device)] == shared.curve25519 else { return "a member's device went away" }
        }
        return nil
    }
}
