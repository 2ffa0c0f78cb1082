import Foundation
import Logging

/// Answers to our key requests: `m.forwarded_room_key`, olm-encrypted like `m.room_key`, carrying a megolm
/// session exported at some index.
extension OlmMachine {
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

        let session: any OlmInboundGroupSessionProtocol
        do {
            session = try driver.importInboundGroupSession(exportedKey: exported)
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
