import MatrixAppService

/// Typed key material and crypto identifiers, all unpadded base64 strings on the wire.
///
/// A Curve25519 identity key can never be passed where an Ed25519 signing key belongs, nor a megolm session
/// id where an olm session id does.

/// A Curve25519 public key (identity key, one-time key, fallback key).
public struct Curve25519Key: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

/// An Ed25519 public key (device fingerprint key, cross-signing key).
public struct Ed25519Key: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

/// The id of an olm (1:1) session.
public struct OlmSessionID: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

/// The id of a megolm (room) session, shared by the outbound session and every inbound copy of it.
public struct MegolmSessionID: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
}

/// A device's long-term keys, as `olm_account_identity_keys` reports them.
public struct IdentityKeys: Sendable, Hashable, Codable {
    public var curve25519: Curve25519Key
    public var ed25519: Ed25519Key

    public init(curve25519: Curve25519Key, ed25519: Ed25519Key) {
        self.curve25519 = curve25519
        self.ed25519 = ed25519
    }
}

/// The key every libolm pickle is encrypted under (`encryption.pickle_key` in the config).
///
/// libolm derives the AES and HMAC keys from these bytes, so any length works; it never modifies them.
public struct OlmPickleKey: Sendable {
    let bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { self.bytes = Array(text.utf8) }
}
