import Foundation

/// Whether a room is encrypted, asked of the homeserver where transactions cannot tell us (a room we just
/// joined or created). Fails closed: only a 404 means "not encrypted"; any other failure leaves the room
/// marked unknown, and nothing is sent into it until a later read succeeds.
extension Intent {
    /// Our own marker in the state store (never a Matrix event type): the room's encryption could not be read.
    static let encryptionUnknownMarker = "org.troupe.encryption_unknown"

    /// Reads the room's `m.room.encryption` once after a join or create. A failure does not fail the join: the
    /// room is marked unknown and the next send asks again (`ensureEncryptionKnown`).
    func learnEncryption(of room: RoomID) async {
        // Intents built outside an AppService (tests) have no encryption slot and skip the check.
        guard encryption != nil, (try? await state.isEncrypted(room: room)) == false else { return }
        do {
            try await readEncryption(of: room)
        } catch {
            try? await state.setState(room: room, type: Self.encryptionUnknownMarker, stateKey: "",
                                      content: ["unknown": true, "error": .string("\(error)")])
        }
    }

    /// Before a send into a room without `m.room.encryption` in the store: if an earlier read failed, read
    /// again, and throw if it fails again (the caller must not send, since it could be plaintext).
    func ensureEncryptionKnown(of room: RoomID) async throws -> JSONValue? {
        guard try await state.state(room: room, type: Self.encryptionUnknownMarker, stateKey: "")?["unknown"] == true else {
            return nil
        }
        do {
            return try await readEncryption(of: room)
        } catch {
            throw EncryptionStateUnknown(room: room, reason: "\(error)")
        }
    }

    /// Asks the homeserver; stores what it says and clears the unknown mark. A 404 means the room has no
    /// `m.room.encryption`; an event without `algorithm` (redacted) still means the room is encrypted.
    @discardableResult
    private func readEncryption(of room: RoomID) async throws -> JSONValue? {
        var content: JSONValue?
        do {
            content = try await call(.GET, MatrixPath.client("v3", "rooms", room.rawValue, "state", EventType.encryption.rawValue, ""))
        } catch let error as MatrixError where error.status == 404 {
            content = nil
        }
        if let found = content, found.objectValue != nil {
            var encryption = EncryptionContent(json: found)
            if encryption.algorithm == nil { encryption.algorithm = CryptoAlgorithm.megolm }
            content = encryption.json
            try await state.setState(room: room, type: EventType.encryption.rawValue, stateKey: "", content: encryption.json)
        }
        try await state.setState(room: room, type: Self.encryptionUnknownMarker, stateKey: "", content: ["unknown": false])
        return content
    }
}

/// A send into a room whose encryption could not be read: refused, since it might be plaintext.
public struct EncryptionStateUnknown: Error, Sendable, CustomStringConvertible {
    public let room: RoomID
    public let reason: String
    public var description: String {
        "refusing to send into \(room): could not tell whether the room is encrypted (\(reason)); try again later"
    }
}
