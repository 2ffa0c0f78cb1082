import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

extension CryptoTests {
    @Suite struct MegolmTests {
        @Test func encryptDecryptRoundTrip() throws {
            let outbound = try OlmOutboundGroupSession()
            let inbound = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())
            let message = Data((0..<1024).map { UInt8($0 % 251) })
            let ciphertext = try outbound.encrypt(message)
            let (plaintext, index) = try inbound.decrypt(ciphertext)
            #expect(plaintext == message)
            #expect(index == 0)
            #expect(outbound.messageIndex == 1)
            // libolm decrypts the same message again: replay detection is the crypto machine's job.
            #expect(try inbound.decrypt(ciphertext).plaintext == message)
        }

        @Test func keyExportedAtIndexCannotDecryptEarlierMessages() throws {
            let outbound = try OlmOutboundGroupSession()
            let full = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())
            let ciphertexts = try (0..<5).map { try outbound.encrypt(Data("m\($0)".utf8)) }

            let exported = try full.export(at: 3)
            let partial = try OlmInboundGroupSession(importing: exported)
            #expect(partial.firstKnownIndex == 3)
            #expect(partial.sessionID == outbound.sessionID)
            #expect(!partial.isVerified)
            #expect(try partial.decrypt(ciphertexts[3]) == (Data("m3".utf8), 3))
            #expect(try partial.decrypt(ciphertexts[4]).messageIndex == 4)
            let error = try #require(throws: OlmError.self) { try partial.decrypt(ciphertexts[2]) }
            #expect(error.code == .unknownMessageIndex)
            #expect(error.name == "UNKNOWN_MESSAGE_INDEX")
        }

        @Test func sessionKeyTakenLaterStartsAtThatIndex() throws {
            let outbound = try OlmOutboundGroupSession()
            let early = try outbound.encrypt(Data("before".utf8))
            let inbound = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())
            #expect(inbound.firstKnownIndex == 1)
            #expect(throws: OlmError(code: .unknownMessageIndex, name: "UNKNOWN_MESSAGE_INDEX",
                                     operation: "olm_group_decrypt")) { try inbound.decrypt(early) }
        }

        @Test func garbageAndTamperedMessagesMapToTypedErrors() throws {
            let outbound = try OlmOutboundGroupSession()
            let inbound = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())

            // libolm's base64 decoder does not reject foreign characters: this decodes to junk bytes whose
            // first one is not megolm's version 3.
            let notBase64 = try #require(throws: OlmError.self) { try inbound.decrypt("not base64!") }
            #expect(notBase64.code == .badMessageVersion)
            // A length that is 1 mod 4 cannot be base64 at all.
            #expect(throws: OlmError.self) { try inbound.decrypt("AAAAA") }

            // Too short to hold the MAC and signature: libolm reports the version as unreadable.
            let truncated = try #require(throws: OlmError.self) { try inbound.decrypt(UnpaddedBase64.encode([3, 8, 0])) }
            #expect(truncated.code == .badMessageVersion)

            // Long enough, right version, but no ciphertext field.
            let noCiphertext = UnpaddedBase64.encode([3] + [UInt8](repeating: 0, count: 80))
            let garbage = try #require(throws: OlmError.self) { try inbound.decrypt(noCiphertext) }
            #expect(garbage.code == .badMessageFormat)
            #expect(garbage.name == "BAD_MESSAGE_FORMAT")
            #expect(garbage.operation == "olm_group_decrypt_max_plaintext_length")

            // Flip one bit of the ciphertext: the sender's Ed25519 signature over the message no longer holds.
            var bytes = try #require(UnpaddedBase64.decode(try outbound.encrypt(Data("secret".utf8))))
            bytes[10] ^= 1
            let tampered = try #require(throws: OlmError.self) { try inbound.decrypt(UnpaddedBase64.encode(bytes)) }
            #expect(tampered.code == .badSignature)
            #expect(tampered.name == "BAD_SIGNATURE")

            let badKey = try #require(throws: OlmError.self) { try OlmInboundGroupSession(sessionKey: "AAAA") }
            #expect(badKey.code == .badSessionKey)
        }

        @Test func sessionFromAnotherSenderFailsWithTypedError() throws {
            let outbound = try OlmOutboundGroupSession()
            let other = try OlmInboundGroupSession(sessionKey: try OlmOutboundGroupSession().sessionKey())
            let error = try #require(throws: OlmError.self) { try other.decrypt(try outbound.encrypt(Data("x".utf8))) }
            #expect(error.code == .badSignature)
        }

        @Test func olmGarbageMessageIsBadMessageFormat() throws {
            let alice = try OlmAccount()
            let bob = try OlmAccount()
            try bob.generateOneTimeKeys(count: 1)
            let session = try alice.outboundSession(identityKey: bob.identityKeys.curve25519,
                                                    oneTimeKey: try #require(try bob.oneTimeKeys().values.first))
            let garbage = try #require(throws: OlmError.self) {
                try session.decrypt(OlmMessage(type: .normal, body: UnpaddedBase64.encode([3, 0x42, 0x42])))
            }
            #expect(garbage.code == .badMessageFormat)
            let notPreKey = try #require(throws: OlmError.self) {
                try bob.inboundSession(preKeyMessage: "garbage!", from: nil)
            }
            #expect(notPreKey.code == .badMessageFormat)
            #expect(notPreKey.operation == "olm_create_inbound_session")
            #expect("\(notPreKey)" == "olm_create_inbound_session failed: BAD_MESSAGE_FORMAT")
        }
    }
}
