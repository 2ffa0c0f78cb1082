import COlm
import Foundation
import MatrixAppService

/// libolm's `OlmUtility`: SHA-256 and Ed25519 signature checks.
///
/// Owns its libolm memory; not `Sendable`. It is cheap (a few bytes), so callers may make one per use.
public final class OlmUtility {
    private let pointer: OpaquePointer
    private let memory: UnsafeMutableRawPointer
    private let size: Int

    public init() {
        size = olm_utility_size()
        memory = OlmBuffer.allocateObject(size: size)
        pointer = olm_utility(memory)
    }

    deinit {
        olm_clear_utility(pointer)
        OlmBuffer.freeObject(memory, size: size)
    }

    @discardableResult
    private func check(_ result: Int, _ operation: String) throws -> Int {
        guard result == olmErrorValue else { return result }
        throw OlmError(code: olm_utility_last_error_code(pointer), message: olm_utility_last_error(pointer),
                       operation: operation)
    }

    /// The unpadded base64 SHA-256 of `input`.
    public func sha256(_ input: Data) throws -> String {
        let length = olm_sha256_length(pointer)
        return try input.withUnsafeBytes { bytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_sha256(pointer, bytes.baseAddress, bytes.count, output, capacity), "olm_sha256")
            }
        }
    }

    /// Checks an Ed25519 signature (unpadded base64) of `message` by `key`. Throws `OlmError` with
    /// `BAD_MESSAGE_MAC` when the signature does not match, `INVALID_BASE64` for a malformed key.
    public func verifyEd25519(key: Ed25519Key, message: Data, signature: String) throws {
        let keyBytes = Array(key.rawValue.utf8)
        let result = message.withUnsafeBytes { messageBytes in
            // olm_ed25519_verify decodes the signature in place: pass a copy.
            OlmBuffer.withScratchCopy(of: signature.utf8) { signatureBuffer, signatureCount in
                olm_ed25519_verify(pointer, keyBytes, keyBytes.count, messageBytes.baseAddress, messageBytes.count,
                                   signatureBuffer, signatureCount)
            }
        }
        try check(result, "olm_ed25519_verify")
    }

    /// As `verifyEd25519(key:message:signature:)`, answering false instead of throwing.
    public func isValidEd25519Signature(key: Ed25519Key, message: Data, signature: String) -> Bool {
        (try? verifyEd25519(key: key, message: message, signature: signature)) != nil
    }
}
