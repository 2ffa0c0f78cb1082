import Foundation
import Logging
import MatrixAppService

/// Megolm sessions others share with us: `m.room_key` (olm-decrypted), `m.room_key.withheld`, and the bounded
/// cache of decoded inbound sessions that room event decryption reads.
extension OlmMachine {

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
        let session: OlmInboundGroupSession
        do {
            session = try OlmInboundGroupSession(sessionKey: sessionKey)
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

    func keep(_ session: OlmInboundGroupSession, _ stored: StoredInboundGroupSession) async throws {
        try await store.saveInboundGroupSession(owner, stored)
        cache(session, stored)
    }

    /// The decoded-session cache is bounded; when full it starts over (the store holds every session).
    private func cache(_ session: OlmInboundGroupSession, _ stored: StoredInboundGroupSession) {
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

    func groupSession(_ room: RoomID, _ id: MegolmSessionID) async throws
        -> (session: OlmInboundGroupSession, stored: StoredInboundGroupSession)?
    {
        if let cached = groupSessions[Self.cacheKey(room, id)] { return cached }
        guard let stored = try await store.inboundGroupSession(owner, room: room, sessionID: id) else { return nil }
        if let cached = groupSessions[Self.cacheKey(room, id)] { return cached }
        let session = try OlmInboundGroupSession(pickle: stored.pickle, key: pickleKey)
        cache(session, stored)
        return (session, stored)
    }

    /// Whether this device holds the megolm session an encrypted room event needs.
    public func hasRoomKey(for event: ClientEvent) async -> Bool {
        guard let id = event.content["session_id"]?.stringValue else { return false }
        return (try? await groupSession(event.roomID, MegolmSessionID(id))) != nil
    }

    /// Asks the sender's devices for a megolm session we lack (`m.room_key_request`, sent in the clear as the
}
