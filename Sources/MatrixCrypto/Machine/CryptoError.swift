import MatrixAppService
/// Why the crypto machine could not take an event. Values, rendered by themselves, so a log line (or a
/// notice to the user) says plainly what is wrong.
public enum CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    case notSetUp
    case unsupportedAlgorithm(String)
    case malformed(String)
    /// The olm message was not encrypted for this device's identity key.
    case notForThisDevice
    /// The same olm ciphertext was decrypted before.
    case duplicateOlmMessage
    /// A normal (type 1) olm message that no session we hold decrypts.
    case noOlmSession(senderKey: Curve25519Key)
    /// A field of the decrypted olm payload does not match what it must be.
    case payloadMismatch(field: String)
    case sessionIDMismatch(claimed: String, actual: String)
    /// We do not have the megolm session (yet).
    case missingRoomKey(MegolmSessionID)
    /// The sender told us it will not give us the key.
    case withheld(code: String, reason: String?)
    case senderKeyMismatch
    /// The event's sender is not the user who gave us its megolm session.
    case senderMismatch(sender: UserID, sharedBy: UserID)
    /// A room key for a session we already hold from another sender: the first one stays.
    case roomKeyFromOtherSender(MegolmSessionID)
    /// A message index already used by another event: a replay.
    case replayed(index: UInt32, firstEvent: EventID)
    case roomMismatch(claimed: String)
    /// A forwarded room key we did not ask that user for, or for a session that is not one of their devices'.
    case unrequestedForwardedKey
    case olm(OlmError)

    /// A verdict on the event itself (a replay, a forged sender or room): no other device of ours may decrypt it.
    public var condemnsEvent: Bool {
        switch self {
        case .replayed, .roomMismatch, .senderMismatch, .senderKeyMismatch: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .notSetUp: "the device's olm account is not set up"
        case .unsupportedAlgorithm(let algorithm): "unsupported algorithm \(algorithm)"
        case .malformed(let what): "malformed encrypted content: \(what)"
        case .notForThisDevice: "the message was not encrypted for this device"
        case .duplicateOlmMessage: "this olm message was already decrypted"
        case .noOlmSession(let key): "no olm session with \(key) decrypts this message"
        case .payloadMismatch(let field): "the decrypted payload's \(field) does not match"
        case .sessionIDMismatch(let claimed, let actual): "room key claims session \(claimed) but is \(actual)"
        case .missingRoomKey(let session): "the room key for session \(session) has not arrived"
        case .withheld(let code, let reason): "the sender withheld the room key (\(code)\(reason.map { ": \($0)" } ?? ""))"
        case .senderKeyMismatch: "the event's sender key is not the key the session came from"
        case .senderMismatch(let sender, let sharedBy): "the room key was shared by \(sharedBy), not by the sender \(sender)"
        case .roomKeyFromOtherSender(let session): "session \(session) is already held from another sender"
        case .replayed(let index, let first): "message index \(index) was already used by \(first) (replay)"
        case .roomMismatch(let claimed): "the encrypted payload belongs to room \(claimed)"
        case .unrequestedForwardedKey: "a forwarded room key we did not ask that user for, or not from their own device"
        case .olm(let error): "\(error)"
        }
    }
}

/// A decrypted olm to-device event, with what the olm layer proved about its sender.
public struct DecryptedToDeviceEvent: Sendable, Hashable {
    public var type: String
    public var content: JSONValue
    public var sender: UserID
    /// The Curve25519 identity key the olm session is with: authenticated by olm.
    public var senderKey: Curve25519Key
    /// The Ed25519 key the sender's payload claims for its device (`keys.ed25519`).
    public var senderSigningKey: Ed25519Key?
}
