import Foundation
import Logging

/// Answering `m.room_key_request`: a room member's new (or key-less) device asks for the key of a session the
/// agent created, and gets it as `m.forwarded_room_key` over olm, from the first index we hold, if the device
/// passes `share`. That is how a user's new device reads the agent's earlier answers.
extension OlmMachine {
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

        let session = try driver.unpickleInboundGroupSession(stored.pickle, key: pickleKey)
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
}
