import Foundation
import Logging
import MatrixAppService

/// Olm to-device encryption: outbound olm sessions started from claimed one-time keys, and the `m.olm.v1`
/// envelope every to-device key (room keys, forwarded keys) travels in.
extension OlmMachine {
    /// Claims a one-time key of every device we have no olm session with, and starts a session from it.
    func ensureOlmSessions(with devices: [TrackedDeviceKeys]) async throws {
        guard let account else { throw CryptoError.notSetUp }
        var missing: [TrackedDeviceKeys] = []
        for device in devices where try await sessions(with: device.curve25519).isEmpty { missing.append(device) }
        guard !missing.isEmpty else { return }
        var claim: [String: [String: JSONValue]] = [:]
        for device in missing { claim[device.user.rawValue, default: [:]][device.device.rawValue] = .string(CryptoAlgorithm.signedCurve25519) }
        let answer = try await intent.call(.POST, MatrixPath.client("v3", "keys", "claim"),
                                           json: ["one_time_keys": .object(claim.mapValues { .object($0) })], idempotent: false)
        for device in missing {
            guard let keys = answer["one_time_keys"]?[device.user.rawValue]?[device.device.rawValue]?.objectValue,
                  let (keyID, keyObject) = keys.first(where: { $0.key.hasPrefix(CryptoAlgorithm.signedCurve25519 + ":") }),
                  let key = keyObject["key"]?.stringValue
            else {
                logger.warning("no one-time key to claim", metadata: ["user_id": "\(device.user)", "device_id": "\(device.device)"])
                continue
            }
            do {
                try JSONSigning.verify(keyObject, entity: device.user.rawValue, keyID: "ed25519:\(device.device)", key: device.ed25519)
            } catch {
                logger.warning("claimed one-time key with a bad signature", metadata: ["key_id": "\(keyID)", "device_id": "\(device.device)"])
                continue
            }
            let session = try account.outboundSession(identityKey: device.curve25519, oneTimeKey: Curve25519Key(key))
            try await store.saveOlmSession(owner, StoredOlmSession(sessionID: session.sessionID, senderKey: device.curve25519,
                                                                   pickle: try session.pickle(key: pickleKey), lastUsedAt: Date()))
            olmSessions[device.curve25519] = [session] + (olmSessions[device.curve25519] ?? [])
        }
    }

    /// Encrypts a to-device event of `type` for one device over `olm`, in the `m.olm.v1` envelope the spec asks for
    /// (sender, recipient and both parties' Ed25519 keys inside the ciphertext), and saves the advanced olm session.
    /// The result is the `m.room.encrypted` content to send to that device.
    func olmEncrypted(type: String, content: JSONValue, for device: TrackedDeviceKeys, over olm: OlmSession,
                      account: OlmAccount) async throws -> JSONValue {
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
