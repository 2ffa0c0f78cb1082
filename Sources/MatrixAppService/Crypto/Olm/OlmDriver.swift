import Foundation

// The seam between Troupe's crypto machine and the olm library. libolm (`LibOlm`) is the real driver; a test
// driver can stand in for it. The objects are deliberately not `Sendable`: the actor that owns a device's
// crypto state creates them, keeps them, and never lets them cross to another actor.

/// An olm message: type 0 is a pre-key message (it can start a session), type 1 a normal message.
public struct OlmMessage: Sendable, Hashable {
    public enum Kind: Int, Sendable, Hashable, Codable {
        case preKey = 0
        case normal = 1
    }

    public var type: Kind
    /// Base64 ciphertext, as it goes into `m.room.encrypted`'s `ciphertext.<key>.body`.
    public var body: String

    public init(type: Kind, body: String) {
        self.type = type
        self.body = body
    }
}

/// Something that signs with an Ed25519 key: a device's olm account, or a cross-signing key.
public protocol Ed25519Signer: AnyObject {
    /// The unpadded base64 signature of `message`.
    func sign(_ message: Data) throws -> String
}

/// A device's long-term olm account.
public protocol OlmAccountProtocol: Ed25519Signer {
    var identityKeys: IdentityKeys { get }
    var maxNumberOfOneTimeKeys: Int { get }
    func generateOneTimeKeys(count: Int) throws
    /// Unpublished one-time keys, key id (e.g. `AAAAAQ`) → key.
    func oneTimeKeys() throws -> [String: Curve25519Key]
    func markKeysAsPublished() throws
    func generateFallbackKey() throws
    /// The fallback key not yet marked published, or nil when there is none.
    func unpublishedFallbackKey() throws -> (keyID: String, key: Curve25519Key)?
    func forgetOldFallbackKey()
    /// Starts a session to another device from its identity key and one of its one-time (or fallback) keys.
    func outboundSession(identityKey: Curve25519Key, oneTimeKey: Curve25519Key) throws -> any OlmSessionProtocol
    /// Creates a session from a pre-key message someone sent us; `from` checks the sender's identity key.
    func inboundSession(preKeyMessage: String, from senderKey: Curve25519Key?) throws -> any OlmSessionProtocol
    /// Removes the one-time key `session` used, so it can never start a second session.
    func removeOneTimeKeys(for session: any OlmSessionProtocol) throws
    func pickle(key: OlmPickleKey) throws -> String
}

/// An olm (1:1, double ratchet) session with one other device.
public protocol OlmSessionProtocol: AnyObject {
    var sessionID: OlmSessionID { get }
    var hasReceivedMessage: Bool { get }
    /// Whether a pre-key message belongs to this session (checked before trying to decrypt with it).
    func matchesInbound(preKeyMessage: String, from senderKey: Curve25519Key?) throws -> Bool
    func encrypt(_ plaintext: Data) throws -> OlmMessage
    func decrypt(_ message: OlmMessage) throws -> Data
    func pickle(key: OlmPickleKey) throws -> String
}

/// Our sending side of a megolm room session.
public protocol OlmOutboundGroupSessionProtocol: AnyObject {
    var sessionID: MegolmSessionID { get }
    /// The ratchet's current state, to share in `m.room_key` (it lets receivers decrypt from `messageIndex` on).
    func sessionKey() throws -> String
    /// The index the next message will get.
    var messageIndex: UInt32 { get }
    func encrypt(_ plaintext: Data) throws -> String
    func pickle(key: OlmPickleKey) throws -> String
}

/// A receiving copy of a megolm session.
public protocol OlmInboundGroupSessionProtocol: AnyObject {
    var sessionID: MegolmSessionID { get }
    var firstKnownIndex: UInt32 { get }
    /// True when the key came straight from the sender (`m.room_key`), false for imported or forwarded keys.
    var isVerified: Bool { get }
    func decrypt(_ ciphertext: String) throws -> (plaintext: Data, messageIndex: UInt32)
    /// The session as an exported key (for `m.forwarded_room_key` or backup) valid from `index` on.
    func export(at index: UInt32) throws -> String
    func pickle(key: OlmPickleKey) throws -> String
}

/// Creates and restores olm objects. `LibOlm` is the real one.
public protocol OlmDriver: Sendable {
    func createAccount() throws -> any OlmAccountProtocol
    func unpickleAccount(_ pickle: String, key: OlmPickleKey) throws -> any OlmAccountProtocol
    func unpickleSession(_ pickle: String, key: OlmPickleKey) throws -> any OlmSessionProtocol
    func createOutboundGroupSession() throws -> any OlmOutboundGroupSessionProtocol
    func unpickleOutboundGroupSession(_ pickle: String, key: OlmPickleKey) throws -> any OlmOutboundGroupSessionProtocol
    /// From an `m.room_key`'s `session_key`.
    func createInboundGroupSession(sessionKey: String) throws -> any OlmInboundGroupSessionProtocol
    /// From an exported key (`m.forwarded_room_key`, key backup).
    func importInboundGroupSession(exportedKey: String) throws -> any OlmInboundGroupSessionProtocol
    func unpickleInboundGroupSession(_ pickle: String, key: OlmPickleKey) throws -> any OlmInboundGroupSessionProtocol
    /// Throws `OlmError` (`BAD_MESSAGE_MAC`) when the signature does not match.
    func verifyEd25519(key: Ed25519Key, message: Data, signature: String) throws
}

/// The libolm driver: every object is the corresponding wrapper class over `COlm`.
public struct LibOlm: OlmDriver {
    public init() {}

    public func createAccount() throws -> any OlmAccountProtocol { try OlmAccount() }
    public func unpickleAccount(_ pickle: String, key: OlmPickleKey) throws -> any OlmAccountProtocol {
        try OlmAccount(pickle: pickle, key: key)
    }
    public func unpickleSession(_ pickle: String, key: OlmPickleKey) throws -> any OlmSessionProtocol {
        try OlmSession(pickle: pickle, key: key)
    }
    public func createOutboundGroupSession() throws -> any OlmOutboundGroupSessionProtocol {
        try OlmOutboundGroupSession()
    }
    public func unpickleOutboundGroupSession(_ pickle: String, key: OlmPickleKey) throws
        -> any OlmOutboundGroupSessionProtocol
    {
        try OlmOutboundGroupSession(pickle: pickle, key: key)
    }
    public func createInboundGroupSession(sessionKey: String) throws -> any OlmInboundGroupSessionProtocol {
        try OlmInboundGroupSession(sessionKey: sessionKey)
    }
    public func importInboundGroupSession(exportedKey: String) throws -> any OlmInboundGroupSessionProtocol {
        try OlmInboundGroupSession(importing: exportedKey)
    }
    public func unpickleInboundGroupSession(_ pickle: String, key: OlmPickleKey) throws
        -> any OlmInboundGroupSessionProtocol
    {
        try OlmInboundGroupSession(pickle: pickle, key: key)
    }
    public func verifyEd25519(key: Ed25519Key, message: Data, signature: String) throws {
        try OlmUtility().verifyEd25519(key: key, message: message, signature: signature)
    }
}
