import COlm
import Foundation
import MatrixAppService

/// An olm (1:1, double ratchet) session over libolm's `OlmSession`.
///
/// Created by an `OlmAccount` (outbound from a peer's identity and one-time key, inbound from a pre-key
/// message) or restored from a pickle. Owns its libolm memory; not `Sendable` (see `OlmAccount`).
public final class OlmSession {
    let pointer: OpaquePointer
    private let memory: UnsafeMutableRawPointer
    private let size: Int
    public private(set) var sessionID: OlmSessionID = ""

    /// Allocates and initialises the libolm object; every public initialiser then fills it.
    private init(allocating: Void) {
        size = olm_session_size()
        memory = OlmBuffer.allocateObject(size: size)
        pointer = olm_session(memory)
    }

    /// Outbound: we start the session (our first messages are pre-key messages until the peer answers).
    convenience init(outboundFrom account: OlmAccount, identityKey: Curve25519Key, oneTimeKey: Curve25519Key) throws {
        self.init(allocating: ())
        var random = OlmBuffer.random(olm_create_outbound_session_random_length(pointer))
        defer { OlmBuffer.wipe(&random) }
        let identity = Array(identityKey.rawValue.utf8)
        let oneTime = Array(oneTimeKey.rawValue.utf8)
        let result = random.withUnsafeMutableBytes { randomBytes in
            olm_create_outbound_session(pointer, account.pointer, identity, identity.count, oneTime, oneTime.count,
                                        randomBytes.baseAddress, randomBytes.count)
        }
        try check(result, "olm_create_outbound_session")
        sessionID = try readSessionID()
    }

    /// Inbound: from a pre-key message. With `senderKey`, libolm also checks the message came from that
    /// identity key (`olm_create_inbound_session_from`). The caller removes the used one-time key afterwards
    /// (`OlmAccount.removeOneTimeKeys(for:)`) and saves the account.
    convenience init(inboundFrom account: OlmAccount, preKeyMessage: String, senderKey: Curve25519Key?) throws {
        self.init(allocating: ())
        // Both calls base64-decode the message in place: pass a copy.
        let result = OlmBuffer.withScratchCopy(of: preKeyMessage.utf8) { message, count in
            if let senderKey {
                let identity = Array(senderKey.rawValue.utf8)
                return olm_create_inbound_session_from(pointer, account.pointer, identity, identity.count, message, count)
            }
            return olm_create_inbound_session(pointer, account.pointer, message, count)
        }
        try check(result, senderKey == nil ? "olm_create_inbound_session" : "olm_create_inbound_session_from")
        sessionID = try readSessionID()
    }

    /// Restores a session pickled under `key`.
    public convenience init(pickle: String, key: OlmPickleKey) throws {
        self.init(allocating: ())
        let result = key.bytes.withUnsafeBytes { keyBytes in
            OlmBuffer.withScratchCopy(of: pickle.utf8) { buffer, count in
                olm_unpickle_session(pointer, keyBytes.baseAddress, keyBytes.count, buffer, count)
            }
        }
        try check(result, "olm_unpickle_session")
        sessionID = try readSessionID()
    }

    deinit {
        olm_clear_session(pointer)
        OlmBuffer.freeObject(memory, size: size)
    }

    @discardableResult
    private func check(_ result: Int, _ operation: String) throws -> Int {
        guard result == olmErrorValue else { return result }
        throw OlmError(code: olm_session_last_error_code(pointer), message: olm_session_last_error(pointer),
                       operation: operation)
    }

    private func readSessionID() throws -> OlmSessionID {
        let id = try OlmBuffer.withStringOutput(capacity: olm_session_id_length(pointer)) { output, capacity in
            try check(olm_session_id(pointer, output, capacity), "olm_session_id")
        }
        return OlmSessionID(id)
    }

    public func pickle(key: OlmPickleKey) throws -> String {
        let length = olm_pickle_session_length(pointer)
        return try key.bytes.withUnsafeBytes { keyBytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_pickle_session(pointer, keyBytes.baseAddress, keyBytes.count, output, capacity),
                          "olm_pickle_session")
            }
        }
    }

    /// True once the peer has answered; until then our messages stay pre-key messages (type 0).
    public var hasReceivedMessage: Bool { olm_session_has_received_message(pointer) != 0 }

    /// Whether a pre-key message belongs to this session (checked before trying to decrypt with it).
    public func matchesInbound(preKeyMessage: String, from senderKey: Curve25519Key?) throws -> Bool {
        let result = OlmBuffer.withScratchCopy(of: preKeyMessage.utf8) { message, count in
            if let senderKey {
                let identity = Array(senderKey.rawValue.utf8)
                return olm_matches_inbound_session_from(pointer, identity, identity.count, message, count)
            }
            return olm_matches_inbound_session(pointer, message, count)
        }
        return try check(result, senderKey == nil ? "olm_matches_inbound_session" : "olm_matches_inbound_session_from") == 1
    }

    public func encrypt(_ plaintext: Data) throws -> OlmMessage {
        // The type must be read before encrypting: encrypting can advance the ratchet.
        let type = try check(olm_encrypt_message_type(pointer), "olm_encrypt_message_type")
        guard let kind = OlmMessage.Kind(rawValue: type) else { throw OlmError.unexpectedOutput("olm_encrypt_message_type") }
        var random = OlmBuffer.random(olm_encrypt_random_length(pointer))
        defer { OlmBuffer.wipe(&random) }
        let length = try check(olm_encrypt_message_length(pointer, plaintext.count), "olm_encrypt_message_length")
        let body = try plaintext.withUnsafeBytes { plain in
            try random.withUnsafeMutableBytes { randomBytes in
                try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                    try check(olm_encrypt(pointer, plain.baseAddress, plain.count, randomBytes.baseAddress,
                                          randomBytes.count, output, capacity), "olm_encrypt")
                }
            }
        }
        return OlmMessage(type: kind, body: body)
    }

    public func decrypt(_ message: OlmMessage) throws -> Data {
        let type = message.type.rawValue
        // Both calls base64-decode the message in place, so each gets its own copy.
        let maxLength = try check(OlmBuffer.withScratchCopy(of: message.body.utf8) { buffer, count in
            olm_decrypt_max_plaintext_length(pointer, type, buffer, count)
        }, "olm_decrypt_max_plaintext_length")
        let plaintext = try OlmBuffer.withScratchCopy(of: message.body.utf8) { buffer, count in
            try OlmBuffer.withOutput(capacity: maxLength, wipeAfterwards: true) { output, capacity in
                try check(olm_decrypt(pointer, type, buffer, count, output, capacity), "olm_decrypt")
            }
        }
        return plaintext
    }
}
