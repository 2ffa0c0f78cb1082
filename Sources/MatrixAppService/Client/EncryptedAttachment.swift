import Crypto
import CryptoExtras
import Foundation

/// Attachments in encrypted rooms (the spec's "sending encrypted attachments"): AES-256-CTR under a fresh
/// key per file, the key as a JWK and the ciphertext's SHA-256 in the event's `file` object (v2).
public enum EncryptedAttachment {
    public enum Failure: Error, Sendable, CustomStringConvertible, Equatable {
        case malformed(String)
        case hashMismatch
        case unsupportedVersion(String)

        public var description: String {
            switch self {
            case .malformed(let what): "the encrypted file's description is unusable: \(what)"
            case .hashMismatch: "the downloaded file does not match its SHA-256 hash (corrupted or tampered with)"
            case .unsupportedVersion(let version): "encrypted file version \(version) is not supported"
            }
        }
    }

    /// Encrypts `plaintext`; the result's `file` object still needs its `url` once the ciphertext is uploaded.
    public static func encrypt(_ plaintext: Data) throws -> (ciphertext: Data, file: [String: JSONValue]) {
        let key = SymmetricKey(size: .bits256)
        // The spec's IV: 64 random bits, then a 64-bit block counter starting at zero.
        var iv = Data((0..<8).map { _ in UInt8.random(in: .min ... .max) })
        iv.append(contentsOf: [UInt8](repeating: 0, count: 8))
        let ciphertext = try AES._CTR.encrypt(plaintext, using: key, nonce: try AES._CTR.Nonce(nonceBytes: iv))
        let keyBytes = key.withUnsafeBytes { Data($0) }
        let file: [String: JSONValue] = [
            "v": "v2",
            "key": [
                "kty": "oct", "alg": "A256CTR", "ext": true, "key_ops": ["encrypt", "decrypt"],
                "k": .string(Base64.encodeURLUnpadded(keyBytes)),
            ],
            "iv": .string(Base64.encodeUnpadded(iv)),
            "hashes": ["sha256": .string(Base64.encodeUnpadded(Data(SHA256.hash(data: ciphertext))))],
        ]
        return (ciphertext, file)
    }

    /// Checks the ciphertext against the `file` object's SHA-256, then decrypts it.
    public static func decrypt(_ ciphertext: Data, file: JSONValue) throws -> Data {
        if let version = file["v"]?.stringValue, version != "v2" { throw Failure.unsupportedVersion(version) }
        guard let k = file["key"]?["k"]?.stringValue, let keyBytes = Base64.decodeAny(k), keyBytes.count == 32 else {
            throw Failure.malformed("key.k is missing or not a 256-bit key")
        }
        if let alg = file["key"]?["alg"]?.stringValue, alg != "A256CTR" { throw Failure.malformed("key.alg is \(alg), not A256CTR") }
        guard let ivText = file["iv"]?.stringValue, let iv = Base64.decodeAny(ivText), iv.count == 16 else {
            throw Failure.malformed("iv is missing or not 16 bytes")
        }
        guard let hashText = file["hashes"]?["sha256"]?.stringValue, let expected = Base64.decodeAny(hashText) else {
            throw Failure.malformed("hashes.sha256 is missing")
        }
        guard Data(SHA256.hash(data: ciphertext)) == expected else { throw Failure.hashMismatch }
        return try AES._CTR.decrypt(ciphertext, using: SymmetricKey(data: keyBytes), nonce: try AES._CTR.Nonce(nonceBytes: iv))
    }
}

/// The base64 variants Matrix uses: unpadded standard alphabet, and unpadded URL-safe for JWK keys.
enum Base64 {
    static func encodeUnpadded(_ data: Data) -> String {
        var text = data.base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    static func encodeURLUnpadded(_ data: Data) -> String {
        encodeUnpadded(data).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// Decodes standard or URL-safe base64, padded or not (clients differ).
    static func decodeAny(_ text: String) -> Data? {
        var normalised = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while normalised.count % 4 != 0 { normalised.append("=") }
        return Data(base64Encoded: normalised)
    }
}
