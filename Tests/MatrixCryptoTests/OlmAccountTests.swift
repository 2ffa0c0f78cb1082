import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

extension CryptoTests {
    @Suite struct OlmAccountTests {
        @Test func identityKeysAreTypedBase64() throws {
            let account = try OlmAccount()
            #expect(account.identityKeys.curve25519.rawValue.count == 43)
            #expect(account.identityKeys.ed25519.rawValue.count == 43)
            #expect(UnpaddedBase64.decode(account.identityKeys.curve25519.rawValue)?.count == 32)
            #expect(account.identityKeys.curve25519.rawValue != account.identityKeys.ed25519.rawValue)
        }

        @Test func signaturesVerifyWithTheEd25519IdentityKey() throws {
            let account = try OlmAccount()
            let message = Data("{\"key\":\"value\"}".utf8)
            let signature = try account.sign(message)
            let utility = OlmUtility()
            try utility.verifyEd25519(key: account.identityKeys.ed25519, message: message, signature: signature)
            let error = try #require(throws: OlmError.self) {
                try utility.verifyEd25519(key: account.identityKeys.ed25519, message: Data("other".utf8),
                                          signature: signature)
            }
            #expect(error.code == .badMessageMAC)
            #expect(error.name == "BAD_MESSAGE_MAC")
            #expect(!utility.isValidEd25519Signature(key: try OlmAccount().identityKeys.ed25519, message: message,
                                                     signature: signature))
        }

        @Test func oneTimeKeysGenerateReadAndPublish() throws {
            let account = try OlmAccount()
            #expect(account.maxNumberOfOneTimeKeys == 100)
            #expect(try account.oneTimeKeys().isEmpty)
            try account.generateOneTimeKeys(count: 5)
            let keys = try account.oneTimeKeys()
            #expect(keys.count == 5)
            #expect(Set(keys.values).count == 5)
            #expect(keys.keys.allSatisfy { $0.count == 6 })  // AAAAAQ, AAAAAg, …
            try account.markKeysAsPublished()
            #expect(try account.oneTimeKeys().isEmpty)
            try account.generateOneTimeKeys(count: 2)
            #expect(try account.oneTimeKeys().count == 2)
        }

        @Test func fallbackKeyLifecycle() throws {
            let account = try OlmAccount()
            // libolm answers {"curve25519":{}} when there is none.
            #expect(try account.unpublishedFallbackKey() == nil)
            try account.generateFallbackKey()
            let fallback = try #require(try account.unpublishedFallbackKey())
            #expect(fallback.key.rawValue.count == 43)
            try account.markKeysAsPublished()
            #expect(try account.unpublishedFallbackKey() == nil)

            // A published fallback key still starts sessions (it is not removed by use).
            let peer = try OlmAccount()
            let session = try peer.outboundSession(identityKey: account.identityKeys.curve25519, oneTimeKey: fallback.key)
            let message = try session.encrypt(Data("via fallback".utf8))
            let inbound = try account.inboundSession(preKeyMessage: message.body, from: peer.identityKeys.curve25519)
            #expect(try inbound.decrypt(message) == Data("via fallback".utf8))

            try account.generateFallbackKey()
            let second = try #require(try account.unpublishedFallbackKey())
            #expect(second.key != fallback.key)
            account.forgetOldFallbackKey()
            #expect(try account.unpublishedFallbackKey()?.key == second.key)
        }

        @Test func sha256IsUnpaddedBase64() throws {
            // SHA-256("") = e3b0c442…, in unpadded base64.
            #expect(try OlmUtility().sha256(Data()) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")
        }
    }
}
