import Foundation
import MatrixAppService

/// Megolm room event decryption (`m.megolm.v1.aes-sha2`): the session must be the sender's, each message index
/// is accepted for one event only, and the payload must name this room.
extension OlmMachine {
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
