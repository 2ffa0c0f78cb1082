import COlm
import Foundation
import MatrixAppService

/// An Ed25519 signing key from a 32-byte seed, over libolm's `OlmPkSigning` (cross-signing keys, and the
/// spec's JSON signing test vectors).
///
/// Owns its libolm memory; not `Sendable`.
public final class OlmPkSigning: Ed25519Signer {
    private let pointer: OpaquePointer
    private let memory: UnsafeMutableRawPointer
    private let size: Int
    public private(set) var publicKey: Ed25519Key = ""

    /// The seed length libolm expects (32).
    public static var seedLength: Int { olm_pk_signing_seed_length() }

    /// A fresh random seed. Secret: store it like a pickle.
    public static func generateSeed() -> [UInt8] { OlmBuffer.random(seedLength) }

    public init(seed: [UInt8]) throws {
        size = olm_pk_signing_size()
        memory = OlmBuffer.allocateObject(size: size)
        pointer = olm_pk_signing(memory)
        guard seed.count == Self.seedLength else {
            throw OlmError.invalidArgument("olm_pk_signing_key_from_seed", "seed of \(Self.seedLength) bytes")
        }
        let keyLength = olm_pk_signing_public_key_length()
        publicKey = Ed25519Key(try OlmBuffer.withStringOutput(capacity: keyLength) { output, capacity in
            try check(olm_pk_signing_key_from_seed(pointer, output, capacity, seed, seed.count),
                      "olm_pk_signing_key_from_seed")
            // Unlike most libolm calls this one returns 0, not the length written: the key fills the buffer.
            return capacity
        })
    }

    /// From a seed in (unpadded) base64, as cross-signing seeds are stored.
    public convenience init(seedBase64: String) throws {
        guard var seed = UnpaddedBase64.decode(seedBase64) else {
            throw OlmError.invalidArgument("olm_pk_signing_key_from_seed", "base64 seed")
        }
        defer { OlmBuffer.wipe(&seed) }
        try self.init(seed: seed)
    }

    deinit {
        olm_clear_pk_signing(pointer)
        OlmBuffer.freeObject(memory, size: size)
    }

    @discardableResult
    private func check(_ result: Int, _ operation: String) throws -> Int {
        guard result == olmErrorValue else { return result }
        throw OlmError(code: olm_pk_signing_last_error_code(pointer), message: olm_pk_signing_last_error(pointer),
                       operation: operation)
    }

    public func sign(_ message: Data) throws -> String {
        let length = olm_pk_signature_length()
        return try message.withUnsafeBytes { bytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_pk_sign(pointer, bytes.bindMemory(to: UInt8.self).baseAddress, bytes.count,
                                      output.assumingMemoryBound(to: UInt8.self), capacity), "olm_pk_sign")
            }
        }
    }
}
