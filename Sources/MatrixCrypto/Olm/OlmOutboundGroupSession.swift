import COlm
import Foundation
import MatrixAppService

/// Our sending side of a megolm room session, over libolm's `OlmOutboundGroupSession`.
///
/// Owns its libolm memory; not `Sendable` (see `OlmAccount`).
public final class OlmOutboundGroupSession {
    private let pointer: OpaquePointer
    private let memory: UnsafeMutableRawPointer
    private let size: Int
    public private(set) var sessionID: MegolmSessionID = ""

    /// Allocates and initialises the libolm object; every public initialiser then fills it.
    private init(allocating: Void) {
        size = olm_outbound_group_session_size()
        memory = OlmBuffer.allocateObject(size: size)
        pointer = olm_outbound_group_session(memory)
    }

    /// A new session with a fresh ratchet, starting at message index 0.
    public convenience init() throws {
        self.init(allocating: ())
        var random = OlmBuffer.random(olm_init_outbound_group_session_random_length(pointer))
        defer { OlmBuffer.wipe(&random) }
        let result = random.withUnsafeMutableBufferPointer {
            olm_init_outbound_group_session(pointer, $0.baseAddress, $0.count)
        }
        try check(result, "olm_init_outbound_group_session")
        sessionID = try readSessionID()
    }

    /// Restores a session pickled under `key`.
    public convenience init(pickle: String, key: OlmPickleKey) throws {
        self.init(allocating: ())
        let result = key.bytes.withUnsafeBytes { keyBytes in
            OlmBuffer.withScratchCopy(of: pickle.utf8) { buffer, count in
                olm_unpickle_outbound_group_session(pointer, keyBytes.baseAddress, keyBytes.count, buffer, count)
            }
        }
        try check(result, "olm_unpickle_outbound_group_session")
        sessionID = try readSessionID()
    }

    deinit {
        olm_clear_outbound_group_session(pointer)
        OlmBuffer.freeObject(memory, size: size)
    }

    @discardableResult
    private func check(_ result: Int, _ operation: String) throws -> Int {
        guard result == olmErrorValue else { return result }
        throw OlmError(code: olm_outbound_group_session_last_error_code(pointer),
                       message: olm_outbound_group_session_last_error(pointer), operation: operation)
    }

    private func readSessionID() throws -> MegolmSessionID {
        let length = olm_outbound_group_session_id_length(pointer)
        let id = try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
            try check(olm_outbound_group_session_id(pointer, output.assumingMemoryBound(to: UInt8.self), capacity),
                      "olm_outbound_group_session_id")
        }
        return MegolmSessionID(id)
    }

    public func pickle(key: OlmPickleKey) throws -> String {
        let length = olm_pickle_outbound_group_session_length(pointer)
        return try key.bytes.withUnsafeBytes { keyBytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_pickle_outbound_group_session(pointer, keyBytes.baseAddress, keyBytes.count, output,
                                                            capacity), "olm_pickle_outbound_group_session")
            }
        }
    }

    /// The index the next message will get.
    public var messageIndex: UInt32 { olm_outbound_group_session_message_index(pointer) }

    /// The ratchet state at `messageIndex`, signed by the session's Ed25519 key: the `session_key` of
    /// `m.room_key`. Secret: the returned buffer is wiped, the string is the caller's to protect.
    public func sessionKey() throws -> String {
        let length = olm_outbound_group_session_key_length(pointer)
        return try OlmBuffer.withSecretStringOutput(capacity: length) { output, capacity in
            try check(olm_outbound_group_session_key(pointer, output.assumingMemoryBound(to: UInt8.self), capacity),
                      "olm_outbound_group_session_key")
        }
    }

    /// Encrypts one message (advancing the ratchet by one) and returns the base64 ciphertext.
    public func encrypt(_ plaintext: Data) throws -> String {
        let length = olm_group_encrypt_message_length(pointer, plaintext.count)
        return try plaintext.withUnsafeBytes { plain in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_group_encrypt(pointer, plain.bindMemory(to: UInt8.self).baseAddress, plain.count,
                                            output.assumingMemoryBound(to: UInt8.self), capacity), "olm_group_encrypt")
            }
        }
    }
}
