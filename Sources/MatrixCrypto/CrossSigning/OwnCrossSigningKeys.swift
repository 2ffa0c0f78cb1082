import Crypto
import Foundation
import MatrixAppService

/// One of our users' cross-signing identity: the seeds of its master, self-signing and user-signing keys.
///
/// Made once per user and kept (sealed under the pickle key); a restart loads it, never makes a new one.
/// libolm objects live only inside the calls that need them.
public struct OwnCrossSigningKeys: Sendable, Hashable {
    /// Unpadded base64 32-byte seeds. Secret.
    var masterSeed: String
    var selfSigningSeed: String
    var userSigningSeed: String
    public let master: Ed25519Key
    public let selfSigning: Ed25519Key
    public let userSigning: Ed25519Key

    /// A fresh identity.
    public static func generate() throws -> OwnCrossSigningKeys {
        try OwnCrossSigningKeys(seeds: (0..<3).map { _ -> String in
            var seed = OlmPkSigning.generateSeed()
            defer { OlmBuffer.wipe(&seed) }
            return UnpaddedBase64.encode(seed)
        })
    }

    init(seeds: [String]) throws {
        guard seeds.count == 3 else { throw CryptoError.malformed("a cross-signing identity has three seeds") }
        masterSeed = seeds[0]
        selfSigningSeed = seeds[1]
        userSigningSeed = seeds[2]
        master = try OlmPkSigning(seedBase64: seeds[0]).publicKey
        selfSigning = try OlmPkSigning(seedBase64: seeds[1]).publicKey
        userSigning = try OlmPkSigning(seedBase64: seeds[2]).publicKey
    }

    /// The body of `POST /keys/device_signing/upload`: the three public keys, the self-signing and
    /// user-signing keys signed by the master key.
    public func uploadBody(for user: UserID) throws -> JSONValue {
        let masterSigner = try OlmPkSigning(seedBase64: masterSeed)
        func object(_ usage: String, _ key: Ed25519Key) -> JSONValue {
            ["user_id": .string(user.rawValue), "usage": [.string(usage)],
             "keys": .object(["ed25519:\(key.rawValue)": .string(key.rawValue)])]
        }
        let keyID = "ed25519:\(master.rawValue)"
        return [
            "master_key": object("master", master),
            "self_signing_key": try JSONSigning.sign(object("self_signing", selfSigning), entity: user.rawValue, keyID: keyID,
                                                     with: masterSigner),
            "user_signing_key": try JSONSigning.sign(object("user_signing", userSigning), entity: user.rawValue, keyID: keyID,
                                                     with: masterSigner),
        ]
    }

    /// The device's keys with the self-signing key's signature added (for `POST /keys/signatures/upload`).
    public func signDevice(_ deviceKeys: JSONValue, of user: UserID) throws -> JSONValue {
        try JSONSigning.sign(deviceKeys, entity: user.rawValue, keyID: "ed25519:\(selfSigning.rawValue)",
                             with: try OlmPkSigning(seedBase64: selfSigningSeed))
    }

    // MARK: Sealing (storage under the pickle key)

    /// The seeds encrypted with AES-256-GCM under a key derived from the pickle key, as base64.
    func sealed(with pickleKey: OlmPickleKey) throws -> String {
        let plain = Data([masterSeed, selfSigningSeed, userSigningSeed].joined(separator: "\n").utf8)
        guard let combined = try AES.GCM.seal(plain, using: Self.sealingKey(pickleKey)).combined else {
            throw CryptoError.malformed("could not seal the cross-signing seeds")
        }
        return combined.base64EncodedString()
    }

    static func unsealed(_ text: String, with pickleKey: OlmPickleKey) throws -> OwnCrossSigningKeys {
        guard let data = Data(base64Encoded: text) else { throw CryptoError.malformed("sealed cross-signing seeds are not base64") }
        let plain: Data
        do {
            plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: Self.sealingKey(pickleKey))
        } catch {
            throw CryptoError.malformed("the cross-signing seeds do not open with this pickle key")
        }
        return try OwnCrossSigningKeys(seeds: String(decoding: plain, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    private static func sealingKey(_ pickleKey: OlmPickleKey) -> SymmetricKey {
        // A key of its own for this use, so the seeds never share a key with libolm's pickles.
        SymmetricKey(data: SHA256.hash(data: Data("troupe.cross_signing.v1".utf8) + Data(pickleKey.bytes)))
    }
}
