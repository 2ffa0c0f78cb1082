import Foundation
import Logging
import MatrixAppService

/// Key sharing between devices, both ways:
/// - asking: `m.room_key_request` to the sender of an event whose key never came;
/// - receiving the answer: `m.forwarded_room_key`, olm-encrypted like `m.room_key`, a megolm session exported at
///   some index, taken only from a user we asked;
/// - answering: a room member's new (or key-less) device asks for the key of a session the agent created, and
///   gets it as `m.forwarded_room_key` over olm, from the first index we hold, if the device passes `share`. That
///   is how a user's new device reads the agent's earlier answers.
extension OlmMachine {
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

    /// What became of a key request (for logs and tests).
    public enum KeyRequestOutcome: Sendable, Hashable {
        case forwarded
        case ignored(String)
    }

    @discardableResult
    public func handleKeyRequest(_ event: ToDeviceEvent) async throws -> KeyRequestOutcome {
        let content = event.content
        guard content["action"]?.stringValue == "request" else { return .ignored("not a request") }
        guard let body = content["body"], body["algorithm"]?.stringValue == CryptoAlgorithm.megolm,
              let room = body["room_id"]?.stringValue.map(RoomID.init), let rawSession = body["session_id"]?.stringValue,
              let requester = content["requesting_device_id"]?.stringValue.map(DeviceID.init)
        else { return .ignored("malformed request") }
        let sessionID = MegolmSessionID(rawSession)
        let fields: Logger.Metadata = ["room_id": "\(room)", "session_id": "\(sessionID)", "sender": "\(event.sender)",
                                       "requesting_device": "\(requester)"]
        let outcome = try await answerKeyRequest(room: room, sessionID: sessionID, from: event.sender, device: requester)
        switch outcome {
        case .forwarded: logger.info("room key forwarded on request", metadata: fields)
        case .ignored(let why): logger.info("room key request not answered", metadata: fields.merging(["why": "\(why)"]) { $1 })
        }
        return outcome
    }

    private func answerKeyRequest(room: RoomID, sessionID: MegolmSessionID, from user: UserID, device deviceID: DeviceID) async throws
        -> KeyRequestOutcome
    {
        guard let account else { return .ignored("device not set up") }
        // Only sessions this device created: its own inbound copy carries its own sender key.
        guard let stored = try await store.inboundGroupSession(owner, room: room, sessionID: sessionID),
              stored.senderKey == account.identityKeys.curve25519
        else { return .ignored("not a session of ours") }
        guard try await intent.state.members(room: room, in: [.join]).contains(user) else { return .ignored("not a member of the room") }
        guard let device = try await queryDevices(of: [user]).first(where: { $0.user == user && $0.device == deviceID }) else {
            return .ignored("unknown device")
        }
        let level = try await trustLevel(of: device)
        guard level.passes(trust.levels.share) else { return .ignored("device is \(level), share needs \(trust.levels.share)") }

        let session = try OlmInboundGroupSession(pickle: stored.pickle, key: pickleKey)
        let exported = try session.export(at: session.firstKnownIndex)
        try await ensureOlmSessions(with: [device])
        guard let olm = try await sessions(with: device.curve25519).first else { return .ignored("no olm session with the device") }
        let content: JSONValue = [
            "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
            "session_id": .string(sessionID.rawValue), "session_key": .string(exported),
            "sender_key": .string(account.identityKeys.curve25519.rawValue),
            "sender_claimed_ed25519_key": .string(account.identityKeys.ed25519.rawValue),
            "forwarding_curve25519_key_chain": [],
        ]
        let wrapped = try await olmEncrypted(type: "m.forwarded_room_key", content: content, for: device, over: olm, account: account)
        try await intent.sendToDevice(type: "m.room.encrypted",
                                      messages: .object([user.rawValue: .object([deviceID.rawValue: wrapped])]))
        return .forwarded
    }

    /// Stores a forwarded megolm session, if we asked its forwarder for it and the session's sender key is one
    /// of the forwarder's own devices (a user can forward only what their devices could have sent).
    @discardableResult
    public func handleForwardedRoomKey(_ decrypted: DecryptedToDeviceEvent) async throws -> (room: RoomID, session: MegolmSessionID) {
        let content = decrypted.content
        let algorithm = content["algorithm"]?.stringValue ?? ""
        guard algorithm == CryptoAlgorithm.megolm else { throw CryptoError.unsupportedAlgorithm(algorithm) }
        guard let room = content["room_id"]?.stringValue, let sessionID = content["session_id"]?.stringValue,
              let exported = content["session_key"]?.stringValue, let senderKey = content["sender_key"]?.stringValue
        else { throw CryptoError.malformed("m.forwarded_room_key without room_id, session_id, session_key or sender_key") }
        let roomID = RoomID(room)
        let id = MegolmSessionID(sessionID)
        guard requestedKeys.askedOf(Self.cacheKey(roomID, id)) == decrypted.sender else { throw CryptoError.unrequestedForwardedKey }
        let devices = try await queryDevices(of: [decrypted.sender])
        guard devices.contains(where: { $0.curve25519.rawValue == senderKey }) else { throw CryptoError.unrequestedForwardedKey }

        let session: OlmInboundGroupSession
        do {
            session = try OlmInboundGroupSession(importing: exported)
        } catch let error as OlmError {
            throw CryptoError.olm(error)
        }
        guard session.sessionID == id else { throw CryptoError.sessionIDMismatch(claimed: sessionID, actual: session.sessionID.rawValue) }
        if let existing = try await store.inboundGroupSession(owner, room: roomID, sessionID: id) {
            // Never rebinds a session we hold to another sender.
            guard existing.senderKey.rawValue == senderKey, existing.senderUser.map({ $0 == decrypted.sender }) ?? true else {
                throw CryptoError.roomKeyFromOtherSender(id)
            }
            if existing.firstKnownIndex <= session.firstKnownIndex {
                requestedKeys.remove(Self.cacheKey(roomID, id))
                return (roomID, id)
            }
        }
        let stored = StoredInboundGroupSession(
            roomID: roomID, sessionID: id, senderKey: Curve25519Key(senderKey),
            signingKey: content["sender_claimed_ed25519_key"]?.stringValue.map(Ed25519Key.init),
            pickle: try session.pickle(key: pickleKey), firstKnownIndex: session.firstKnownIndex,
            // The forwarder is the one we asked, and the session's sender key is one of their devices: theirs.
            senderUser: decrypted.sender)
        try await keep(session, stored)
        requestedKeys.remove(Self.cacheKey(roomID, id))
        logger.info("forwarded room key stored", metadata: ["room_id": "\(roomID)", "session_id": "\(id)",
                                                            "forwarder": "\(decrypted.sender)", "first_index": "\(session.firstKnownIndex)"])
        return (roomID, id)
    }
}
