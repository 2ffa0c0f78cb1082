import COlm
import Foundation
import MatrixAppService

/// A receiving copy of a megolm session, over libolm's `OlmInboundGroupSession`.
///
/// Owns its libolm memory; not `Sendable` (see `OlmAccount`). Replay detection (the same message index with
/// a different event id) is the crypto machine's job: libolm decrypts a message as often as it is asked.
public final class OlmInboundGroupSession {
    private let pointer: OpaquePointer
    private let memory: UnsafeMutableRawPointer
    private let size: Int
    public private(set) var sessionID: MegolmSessionID = ""

    /// Allocates and initialises the libolm object; every public initialiser then fills it.
    private init(allocating: Void) {
        size = olm_inbound_group_session_size()
        memory = OlmBuffer.allocateObject(size: size)
        pointer = olm_inbound_group_session(memory)
    }

    /// From an `m.room_key`'s `session_key` (signed by the sender: the session counts as verified).
    public convenience init(sessionKey: String) throws {
        self.init(allocating: ())
        // libolm decodes into its own buffer here, but a wiped scratch copy costs nothing and keeps the
        // handling of secret input uniform.
        let result = OlmBuffer.withScratchCopy(of: sessionKey.utf8) { buffer, count in
            olm_init_inbound_group_session(pointer, buffer.assumingMemoryBound(to: UInt8.self), count)
        }
        try check(result, "olm_init_inbound_group_session")
        sessionID = try readSessionID()
    }

    /// From an exported key (`m.forwarded_room_key`, key backup, `export(at:)`); not verified.
    public convenience init(importing exportedKey: String) throws {
        self.init(allocating: ())
        // libolm's header: the input "will be overwritten with the base64-decoded data".
        let result = OlmBuffer.withScratchCopy(of: exportedKey.utf8) { buffer, count in
            olm_import_inbound_group_session(pointer, buffer.assumingMemoryBound(to: UInt8.self), count)
        }
        try check(result, "olm_import_inbound_group_session")
        sessionID = try readSessionID()
    }

    /// Restores a session pickled under `key`.
    public convenience init(pickle: String, key: OlmPickleKey) throws {
        self.init(allocating: ())
        let result = key.bytes.withUnsafeBytes { keyBytes in
            OlmBuffer.withScratchCopy(of: pickle.utf8) { buffer, count in
                olm_unpickle_inbound_group_session(pointer, keyBytes.baseAddress, keyBytes.count, buffer, count)
            }
        }
        try check(result, "olm_unpickle_inbound_group_session")
        sessionID = try readSessionID()
    }

    deinit {
        olm_clear_inbound_group_session(pointer)
        OlmBuffer.freeObject(memory, size: size)
    }

    @discardableResult
    private func check(_ result: Int, _ operation: String) throws -> Int {
        guard result == olmErrorValue else { return result }
        throw OlmError(code: olm_inbound_group_session_last_error_code(pointer),
                       message: olm_inbound_group_session_last_error(pointer), operation: operation)
    }

    private func readSessionID() throws -> MegolmSessionID {
        let length = olm_inbound_group_session_id_length(pointer)
        let id = try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
            try check(olm_inbound_group_session_id(pointer, output.assumingMemoryBound(to: UInt8.self), capacity),
                      "olm_inbound_group_session_id")
        }
        return MegolmSessionID(id)
    }

    public func pickle(key: OlmPickleKey) throws -> String {
        let length = olm_pickle_inbound_group_session_length(pointer)
        return try key.bytes.withUnsafeBytes { keyBytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_pickle_inbound_group_session(pointer, keyBytes.baseAddress, keyBytes.count, output,
                                                           capacity), "olm_pickle_inbound_group_session")
            }
        }
    }

    public var firstKnownIndex: UInt32 { olm_inbound_group_session_first_known_index(pointer) }

    /// True when the key came straight from the sender (`m.room_key`), false for imported or forwarded keys.
    public var isVerified: Bool { olm_inbound_group_session_is_verified(pointer) != 0 }

    /// Decrypts one megolm message. An index before `firstKnownIndex` throws `UNKNOWN_MESSAGE_INDEX`; a
    /// tampered message `BAD_MESSAGE_MAC` (or `BAD_SIGNATURE`); garbage `BAD_MESSAGE_FORMAT`/`INVALID_BASE64`.
    public func decrypt(_ ciphertext: String) throws -> (plaintext: Data, messageIndex: UInt32) {
        // Both calls base64-decode the message in place, so each gets its own copy.
        let maxLength = try check(OlmBuffer.withScratchCopy(of: ciphertext.utf8) { buffer, count in
            olm_group_decrypt_max_plaintext_length(pointer, buffer.assumingMemoryBound(to: UInt8.self), count)
        }, "olm_group_decrypt_max_plaintext_length")
        var index: UInt32 = 0
        let plaintext = try OlmBuffer.withScratchCopy(of: ciphertext.utf8) { buffer, count in
            try OlmBuffer.withOutput(capacity: maxLength, wipeAfterwards: true) { output, capacity in
                try check(olm_group_decrypt(pointer, buffer.assumingMemoryBound(to: UInt8.self), count,
                                            output.assumingMemoryBound(to: UInt8.self), capacity, &index),
                          "olm_group_decrypt")
            }
        }
        return (plaintext, index)
    }

    /// The session as an exported key valid from `index` on (`index` ≥ `firstKnownIndex`).
    public func export(at index: UInt32) throws -> String {
        let length = olm_export_inbound_group_session_length(pointer)
        return try OlmBuffer.withSecretStringOutput(capacity: length) { output, capacity in
            try check(olm_export_inbound_group_session(pointer, output.assumingMemoryBound(to: UInt8.self), capacity,
                                                       index), "olm_export_inbound_group_session")
        }
    }
}
