import COlm
import Foundation
import MatrixAppService

/// A device's olm account over libolm's `OlmAccount`: identity keys, one-time and fallback keys, signing.
///
/// Owns its libolm memory (allocated here, cleared and freed in `deinit`). Not `Sendable`: the actor that
/// owns the device keeps it and never hands it to another actor. libolm objects are not thread-safe.
public final class OlmAccount: Ed25519Signer {
    let pointer: OpaquePointer
    private let memory: UnsafeMutableRawPointer
    private let size: Int
    public private(set) var identityKeys: IdentityKeys

    /// A new account with fresh identity keys.
    public convenience init() throws {
        try self.init(randomBytes: nil)
    }

    /// A new account from the given random bytes (64 of them); nil asks the system for them. Fixed bytes make
    /// the keys (and the pickle) reproducible, which only tests want.
    init(randomBytes: [UInt8]?) throws {
        (memory, size, pointer) = Self.allocate()
        identityKeys = IdentityKeys(curve25519: "", ed25519: "")
        var random = randomBytes ?? OlmBuffer.random(olm_create_account_random_length(pointer))
        defer { OlmBuffer.wipe(&random) }
        let needed = olm_create_account_random_length(pointer)
        guard random.count >= needed else { throw OlmError.invalidArgument("olm_create_account", "\(needed) random bytes") }
        let result = random.withUnsafeMutableBytes { olm_create_account(pointer, $0.baseAddress, needed) }
        try check(result, "olm_create_account")
        identityKeys = try readIdentityKeys()
    }

    /// Restores an account pickled under `key`. A wrong key throws `BAD_ACCOUNT_KEY`.
    public init(pickle: String, key: OlmPickleKey) throws {
        (memory, size, pointer) = Self.allocate()
        identityKeys = IdentityKeys(curve25519: "", ed25519: "")
        // olm_unpickle_account decrypts the pickle in place: give it a copy, which withScratchCopy wipes.
        let result = key.bytes.withUnsafeBytes { keyBytes in
            OlmBuffer.withScratchCopy(of: pickle.utf8) { buffer, count in
                olm_unpickle_account(pointer, keyBytes.baseAddress, keyBytes.count, buffer, count)
            }
        }
        try check(result, "olm_unpickle_account")
        identityKeys = try readIdentityKeys()
    }

    deinit {
        olm_clear_account(pointer)
        OlmBuffer.freeObject(memory, size: size)
    }

    private static func allocate() -> (UnsafeMutableRawPointer, Int, OpaquePointer) {
        let size = olm_account_size()
        let memory = OlmBuffer.allocateObject(size: size)
        return (memory, size, olm_account(memory))
    }

    @discardableResult
    func check(_ result: Int, _ operation: String) throws -> Int {
        guard result == olmErrorValue else { return result }
        throw OlmError(code: olm_account_last_error_code(pointer), message: olm_account_last_error(pointer),
                       operation: operation)
    }

    // MARK: Pickling

    public func pickle(key: OlmPickleKey) throws -> String {
        let length = olm_pickle_account_length(pointer)
        return try key.bytes.withUnsafeBytes { keyBytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_pickle_account(pointer, keyBytes.baseAddress, keyBytes.count, output, capacity),
                          "olm_pickle_account")
            }
        }
    }

    // MARK: Identity and signing

    private func readIdentityKeys() throws -> IdentityKeys {
        let json = try OlmBuffer.withOutput(capacity: olm_account_identity_keys_length(pointer)) { output, capacity in
            try check(olm_account_identity_keys(pointer, output, capacity), "olm_account_identity_keys")
        }
        guard let keys = try? JSONDecoder().decode([String: String].self, from: json),
              let curve = keys["curve25519"], let ed = keys["ed25519"]
        else { throw OlmError.unexpectedOutput("olm_account_identity_keys") }
        return IdentityKeys(curve25519: Curve25519Key(curve), ed25519: Ed25519Key(ed))
    }

    public func sign(_ message: Data) throws -> String {
        let length = olm_account_signature_length(pointer)
        return try message.withUnsafeBytes { messageBytes in
            try OlmBuffer.withStringOutput(capacity: length) { output, capacity in
                try check(olm_account_sign(pointer, messageBytes.baseAddress, messageBytes.count, output, capacity),
                          "olm_account_sign")
            }
        }
    }

    // MARK: One-time keys

    /// libolm keeps at most this many unpublished one-time keys (100 in 3.2.x); generating more discards the
    /// oldest.
    public var maxNumberOfOneTimeKeys: Int { olm_account_max_number_of_one_time_keys(pointer) }

    public func generateOneTimeKeys(count: Int) throws {
        guard count > 0 else { return }
        var random = OlmBuffer.random(olm_account_generate_one_time_keys_random_length(pointer, count))
        defer { OlmBuffer.wipe(&random) }
        let result = random.withUnsafeMutableBytes {
            olm_account_generate_one_time_keys(pointer, count, $0.baseAddress, $0.count)
        }
        try check(result, "olm_account_generate_one_time_keys")
    }

    /// Unpublished one-time keys, key id (e.g. `AAAAAQ`) → key.
    public func oneTimeKeys() throws -> [String: Curve25519Key] {
        let json = try OlmBuffer.withOutput(capacity: olm_account_one_time_keys_length(pointer)) { output, capacity in
            try check(olm_account_one_time_keys(pointer, output, capacity), "olm_account_one_time_keys")
        }
        return try Self.parseKeyMap(json, operation: "olm_account_one_time_keys")
    }

    public func markKeysAsPublished() throws {
        // Marks the one-time keys *and* the current fallback key as published.
        try check(olm_account_mark_keys_as_published(pointer), "olm_account_mark_keys_as_published")
    }

    /// Removes the one-time key `session` used, so it can never start a second session.
    public func removeOneTimeKeys(for session: OlmSession) throws {
        try check(olm_remove_one_time_keys(pointer, session.pointer), "olm_remove_one_time_keys")
    }

    // MARK: Fallback key

    public func generateFallbackKey() throws {
        var random = OlmBuffer.random(olm_account_generate_fallback_key_random_length(pointer))
        defer { OlmBuffer.wipe(&random) }
        let result = random.withUnsafeMutableBytes {
            olm_account_generate_fallback_key(pointer, $0.baseAddress, $0.count)
        }
        try check(result, "olm_account_generate_fallback_key")
    }

    /// The fallback key not yet marked published, or nil when there is none.
    public func unpublishedFallbackKey() throws -> (keyID: String, key: Curve25519Key)? {
        let length = olm_account_unpublished_fallback_key_length(pointer)
        let json = try OlmBuffer.withOutput(capacity: length) { output, capacity in
            try check(olm_account_unpublished_fallback_key(pointer, output, capacity),
                      "olm_account_unpublished_fallback_key")
        }
        // "No key" is `{"curve25519":{}}`, not an empty output: look at the content.
        let keys = try Self.parseKeyMap(json, operation: "olm_account_unpublished_fallback_key")
        return keys.min(by: { $0.key < $1.key }).map { (keyID: $0.key, key: $0.value) }
    }

    /// Drops the previous fallback key; call once peers have had time to use the new one.
    public func forgetOldFallbackKey() {
        olm_account_forget_old_fallback_key(pointer)
    }

    /// Parses libolm's `{"curve25519": {"<key id>": "<key>"}}`.
    private static func parseKeyMap(_ json: Data, operation: String) throws -> [String: Curve25519Key] {
        guard let decoded = try? JSONDecoder().decode([String: [String: String]].self, from: json),
              let keys = decoded["curve25519"]
        else { throw OlmError.unexpectedOutput(operation) }
        return keys.mapValues(Curve25519Key.init)
    }

    // MARK: Sessions

    /// Starts a session to another device from its identity key and one of its one-time (or fallback) keys.
    public func outboundSession(identityKey: Curve25519Key, oneTimeKey: Curve25519Key) throws
        -> OlmSession
    {
        try OlmSession(outboundFrom: self, identityKey: identityKey, oneTimeKey: oneTimeKey)
    }

    /// Creates a session from a pre-key message someone sent us; `from` checks the sender's identity key.
    public func inboundSession(preKeyMessage: String, from senderKey: Curve25519Key?) throws
        -> OlmSession
    {
        try OlmSession(inboundFrom: self, preKeyMessage: preKeyMessage, senderKey: senderKey)
    }
}
