import Foundation

extension OlmMachine {
    /// Encrypts a to-device event of `type` for one device over `olm`, in the `m.olm.v1` envelope the spec asks for
    /// (sender, recipient and both parties' Ed25519 keys inside the ciphertext), and saves the advanced olm session.
    /// The result is the `m.room.encrypted` content to send to that device.
    func olmEncrypted(type: String, content: JSONValue, for device: TrackedDeviceKeys, over olm: any OlmSessionProtocol,
                      account: any OlmAccountProtocol) async throws -> JSONValue {
        let payload: JSONValue = [
            "type": .string(type),
            "content": content,
            "sender": .string(owner.user.rawValue), "sender_device": .string(owner.device.rawValue),
            "keys": ["ed25519": .string(account.identityKeys.ed25519.rawValue)],
            "recipient": .string(device.user.rawValue), "recipient_keys": ["ed25519": .string(device.ed25519.rawValue)],
        ]
        let message = try olm.encrypt(try payload.jsonData())
        try await store.saveOlmSession(owner, StoredOlmSession(sessionID: olm.sessionID, senderKey: device.curve25519,
                                                               pickle: try olm.pickle(key: pickleKey), lastUsedAt: Date()))
        return [
            "algorithm": .string(CryptoAlgorithm.olm), "sender_key": .string(account.identityKeys.curve25519.rawValue),
            "ciphertext": .object([device.curve25519.rawValue: ["type": .int(Int64(message.type.rawValue)), "body": .string(message.body)]]),
        ]
    }
}
