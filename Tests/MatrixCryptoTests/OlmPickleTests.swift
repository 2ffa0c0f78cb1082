import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

extension CryptoTests {
    /// Pickling under the config's pickle key, and vectors that pin libolm's storage format.
    ///
    /// libolm's pickles involve no randomness: the AES key, HMAC key and IV are all derived from the pickle key,
    /// so the same state under the same key always pickles to the same string. An account made from fixed
    /// "random" bytes is therefore a stable vector.
    @Suite struct OlmPickleTests {
        static let key = OlmPickleKey("troupe test pickle key")
        static let fixedRandom = (0..<64).map { UInt8($0) }

        // Produced once by this code; python-olm 3.2.16 reads the same string (see PythonOlmCrossCheckTests).
        static let accountPickle = PickleVectors.account
        static let accountCurve25519: Curve25519Key = Curve25519Key(PickleVectors.curve25519)
        static let accountEd25519: Ed25519Key = Ed25519Key(PickleVectors.ed25519)

        @Test func accountFromFixedRandomPicklesToThePinnedVector() throws {
            let account = try OlmAccount(randomBytes: Self.fixedRandom)
            #expect(account.identityKeys.curve25519 == Self.accountCurve25519)
            #expect(account.identityKeys.ed25519 == Self.accountEd25519)
            #expect(try account.pickle(key: Self.key) == Self.accountPickle)
        }

        @Test func pinnedAccountPickleUnpickles() throws {
            let account = try OlmAccount(pickle: Self.accountPickle, key: Self.key)
            #expect(account.identityKeys == IdentityKeys(curve25519: Self.accountCurve25519, ed25519: Self.accountEd25519))
            // Pickling again reproduces the same bytes.
            #expect(try account.pickle(key: Self.key) == Self.accountPickle)
        }

        @Test func wrongKeyIsBadAccountKey() throws {
            let error = try #require(throws: OlmError.self) {
                try OlmAccount(pickle: Self.accountPickle, key: OlmPickleKey("wrong"))
            }
            #expect(error.code == .badAccountKey)
            #expect(error.name == "BAD_ACCOUNT_KEY")
            // Anything that decodes at all fails the MAC, which libolm also reports as BAD_ACCOUNT_KEY.
            let corrupted = try #require(throws: OlmError.self) { try OlmAccount(pickle: "garbage", key: Self.key) }
            #expect(corrupted.code == .badAccountKey)
            let notBase64 = try #require(throws: OlmError.self) { try OlmAccount(pickle: "A", key: Self.key) }
            #expect(notBase64.code == .invalidBase64)
        }

        @Test func accountRoundTripKeepsOneTimeAndFallbackKeys() throws {
            let account = try OlmAccount()
            try account.generateOneTimeKeys(count: 3)
            try account.generateFallbackKey()
            let restored = try OlmAccount(pickle: try account.pickle(key: Self.key), key: Self.key)
            #expect(restored.identityKeys == account.identityKeys)
            #expect(try restored.oneTimeKeys() == account.oneTimeKeys())
            #expect(try restored.unpublishedFallbackKey()?.key == account.unpublishedFallbackKey()?.key)
        }

        @Test func olmSessionRoundTripKeepsTheRatchet() throws {
            let alice = try OlmAccount()
            let bob = try OlmAccount()
            try bob.generateOneTimeKeys(count: 1)
            let session = try alice.outboundSession(identityKey: bob.identityKeys.curve25519,
                                                    oneTimeKey: try #require(try bob.oneTimeKeys().values.first))
            let first = try session.encrypt(Data("one".utf8))
            let bobSession = try bob.inboundSession(preKeyMessage: first.body, from: alice.identityKeys.curve25519)
            _ = try bobSession.decrypt(first)

            let restored = try OlmSession(pickle: try session.pickle(key: Self.key), key: Self.key)
            #expect(restored.sessionID == session.sessionID)
            #expect(try bobSession.decrypt(try restored.encrypt(Data("two".utf8))) == Data("two".utf8))
            let error = try #require(throws: OlmError.self) {
                try OlmSession(pickle: try session.pickle(key: Self.key), key: OlmPickleKey("wrong"))
            }
            #expect(error.code == .badAccountKey)
        }

        @Test func groupSessionsRoundTrip() throws {
            let outbound = try OlmOutboundGroupSession()
            let inbound = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())
            _ = try outbound.encrypt(Data("zero".utf8))

            let restoredOut = try OlmOutboundGroupSession(pickle: try outbound.pickle(key: Self.key), key: Self.key)
            #expect(restoredOut.sessionID == outbound.sessionID)
            #expect(restoredOut.messageIndex == 1)
            let restoredIn = try OlmInboundGroupSession(pickle: try inbound.pickle(key: Self.key), key: Self.key)
            #expect(try restoredIn.decrypt(try restoredOut.encrypt(Data("one".utf8))) == (Data("one".utf8), 1))

            #expect(throws: OlmError.self) { try OlmInboundGroupSession(pickle: try inbound.pickle(key: Self.key),
                                                                         key: OlmPickleKey("wrong")) }
            #expect(throws: OlmError.self) { try OlmOutboundGroupSession(pickle: "garbage", key: Self.key) }
        }
    }
}
