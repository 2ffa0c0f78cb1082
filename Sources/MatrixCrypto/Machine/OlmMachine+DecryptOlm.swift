import Crypto
import Foundation
import Logging
import MatrixAppService

/// Olm to-device decryption (the spec's `m.olm.v1.curve25519-aes-sha2`): finding or creating the inbound
/// session, refusing replays by ciphertext hash, and the payload checks on sender, recipient and keys.
extension OlmMachine {
    func sessions(with senderKey: Curve25519Key) async throws -> [OlmSession] {
        if let cached = olmSessions[senderKey] { return cached }
        var loaded: [OlmSession] = []
        for stored in try await store.olmSessions(owner, senderKey: senderKey) {
            loaded.append(try OlmSession(pickle: stored.pickle, key: pickleKey))
        }
        if let cached = olmSessions[senderKey] { return cached }  // filled while we were loading
        olmSessions[senderKey] = loaded
        return loaded
    }

    /// Decrypts an olm `m.room.encrypted` to-device event for this device and checks its payload.
    public func decryptToDevice(_ event: ToDeviceEvent) async throws -> DecryptedToDeviceEvent {
        guard let account else { throw CryptoError.notSetUp }
        let content = event.content
        let algorithm = content["algorithm"]?.stringValue ?? ""
        guard algorithm == CryptoAlgorithm.olm else { throw CryptoError.unsupportedAlgorithm(algorithm) }
        guard let senderKeyRaw = content["sender_key"]?.stringValue else { throw CryptoError.malformed("no sender_key") }
        let senderKey = Curve25519Key(senderKeyRaw)
        guard let ours = content["ciphertext"]?[account.identityKeys.curve25519.rawValue] else { throw CryptoError.notForThisDevice }
        guard let typeNumber = ours["type"]?.intValue, let kind = OlmMessage.Kind(rawValue: Int(typeNumber)),
              let body = ours["body"]?.stringValue
        else { throw CryptoError.malformed("bad ciphertext entry") }
        let message = OlmMessage(type: kind, body: body)
        let hash = Self.hash(senderKey.rawValue + "|" + body)
        if try await store.hasOlmHash(owner, hash) { throw CryptoError.duplicateOlmMessage }

        var known = try await sessions(with: senderKey)
        var plaintext: Data?
        var used: (OlmSession)?
        for session in known {
            if kind == .preKey, (try? session.matchesInbound(preKeyMessage: body, from: senderKey)) != true { continue }
            if let decrypted = try? session.decrypt(message) {
                plaintext = decrypted
                used = session
                break
            }
        }
        if plaintext == nil {
            guard kind == .preKey else { throw CryptoError.noOlmSession(senderKey: senderKey) }
            let session: OlmSession
            do {
                session = try account.inboundSession(preKeyMessage: body, from: senderKey)
                plaintext = try session.decrypt(message)
                try account.removeOneTimeKeys(for: session)
            } catch let error as OlmError {
                throw CryptoError.olm(error)
            }
            try await saveAccount()
            known.insert(session, at: 0)
            olmSessions[senderKey] = known
            used = session
            logger.info("new inbound olm session", metadata: ["sender": "\(event.sender)", "sender_key": "\(senderKey)",
                                                              "session_id": "\(session.sessionID)"])
        }
        guard let plaintext, let used else { throw CryptoError.noOlmSession(senderKey: senderKey) }
        try await store.saveOlmSession(owner, StoredOlmSession(sessionID: used.sessionID, senderKey: senderKey,
                                                               pickle: try used.pickle(key: pickleKey), lastUsedAt: Date()))
        _ = try await store.recordOlmHash(owner, hash)
        await countStoredUse()
        return try checkPayload(plaintext, event: event, senderKey: senderKey, ourKey: account.identityKeys.ed25519)
    }

    /// The checks the spec asks for on a decrypted olm payload: who sent it, to whom, for which keys.
    private func checkPayload(_ plaintext: Data, event: ToDeviceEvent, senderKey: Curve25519Key, ourKey: Ed25519Key) throws
        -> DecryptedToDeviceEvent
    {
        guard let payload = try? JSONValue.decode(plaintext), payload.objectValue != nil else {
            throw CryptoError.malformed("the olm plaintext is not a JSON object")
        }
        guard payload["sender"]?.stringValue == event.sender.rawValue else { throw CryptoError.payloadMismatch(field: "sender") }
        guard payload["recipient"]?.stringValue == owner.user.rawValue else { throw CryptoError.payloadMismatch(field: "recipient") }
        guard payload["recipient_keys"]?["ed25519"]?.stringValue == ourKey.rawValue else {
            throw CryptoError.payloadMismatch(field: "recipient_keys")
        }
        guard let type = payload["type"]?.stringValue, let content = payload["content"] else {
            throw CryptoError.malformed("the olm payload has no type or content")
        }
        return DecryptedToDeviceEvent(type: type, content: content, sender: event.sender, senderKey: senderKey,
                                      senderSigningKey: payload["keys"]?["ed25519"]?.stringValue.map(Ed25519Key.init))
    }

    /// Checks the claimed signing key against the sender's device keys when we know them (from `/keys/query`).
    func checkSigningKey(_ decrypted: DecryptedToDeviceEvent) async throws {
        guard let claimed = decrypted.senderSigningKey else { throw CryptoError.payloadMismatch(field: "keys") }
        let devices = try await store.deviceKeys(of: decrypted.sender)
        if let device = devices.first(where: { $0.curve25519 == decrypted.senderKey }), device.ed25519 != claimed {
            throw CryptoError.payloadMismatch(field: "keys.ed25519")
        }
    }

    static func hash(_ text: String) -> String {
        Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }
}
