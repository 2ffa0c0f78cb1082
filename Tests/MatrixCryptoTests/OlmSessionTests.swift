import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

extension CryptoTests {
    /// Two accounts in one process: olm sessions both ways, then a room key shared over olm and megolm messages.
    @Suite struct OlmSessionTests {
        /// Alice starts a session to Bob from his identity key and a one-time key.
        func establish() throws -> (alice: OlmAccount, bob: OlmAccount, aliceSession: OlmSession,
                                    bobSession: OlmSession, first: OlmMessage)
        {
            let alice = try OlmAccount()
            let bob = try OlmAccount()
            try bob.generateOneTimeKeys(count: 1)
            let oneTimeKey = try #require(try bob.oneTimeKeys().values.first)
            let aliceSession = try alice.outboundSession(identityKey: bob.identityKeys.curve25519, oneTimeKey: oneTimeKey)
            let first = try aliceSession.encrypt(Data("hello bob".utf8))
            let bobSession = try bob.inboundSession(preKeyMessage: first.body, from: alice.identityKeys.curve25519)
            return (alice, bob, aliceSession, bobSession, first)
        }

        @Test func preKeyThenNormalMessagesBothWays() throws {
            let (alice, bob, aliceSession, bobSession, first) = try establish()
            #expect(first.type == .preKey)
            #expect(bobSession.sessionID == aliceSession.sessionID)
            #expect(try bobSession.matchesInbound(preKeyMessage: first.body, from: alice.identityKeys.curve25519))
            #expect(try bobSession.decrypt(first) == Data("hello bob".utf8))

            // Until Bob answers, everything Alice sends stays a pre-key message.
            let second = try aliceSession.encrypt(Data("still there?".utf8))
            #expect(second.type == .preKey)
            #expect(try bobSession.decrypt(second) == Data("still there?".utf8))

            let reply = try bobSession.encrypt(Data("hi alice".utf8))
            #expect(reply.type == .normal)
            #expect(!aliceSession.hasReceivedMessage)
            #expect(try aliceSession.decrypt(reply) == Data("hi alice".utf8))
            #expect(aliceSession.hasReceivedMessage)

            for round in 0..<5 {
                let fromAlice = try aliceSession.encrypt(Data("a\(round)".utf8))
                #expect(fromAlice.type == .normal)
                #expect(try bobSession.decrypt(fromAlice) == Data("a\(round)".utf8))
                let fromBob = try bobSession.encrypt(Data("b\(round)".utf8))
                #expect(try aliceSession.decrypt(fromBob) == Data("b\(round)".utf8))
            }
            _ = bob
        }

        @Test func usedOneTimeKeyIsRemoved() throws {
            let (alice, bob, _, bobSession, first) = try establish()
            #expect(try bob.oneTimeKeys().count == 1)
            try bob.removeOneTimeKeys(for: bobSession)
            #expect(try bob.oneTimeKeys().isEmpty)
            // The key is gone: the same pre-key message can no longer start a session.
            #expect(throws: OlmError.self) {
                try bob.inboundSession(preKeyMessage: first.body, from: alice.identityKeys.curve25519)
            }
        }

        @Test func preKeyMessageFromSomeoneElseDoesNotMatch() throws {
            let (_, bob, _, bobSession, first) = try establish()
            let mallory = try OlmAccount()
            #expect(try !bobSession.matchesInbound(preKeyMessage: first.body, from: mallory.identityKeys.curve25519))
            #expect(throws: OlmError.self) {
                try bob.inboundSession(preKeyMessage: first.body, from: mallory.identityKeys.curve25519)
            }
        }

        @Test func roomKeySharedOverOlmThenMegolmMessages() throws {
            let (alice, _, aliceSession, bobSession, first) = try establish()
            _ = try bobSession.decrypt(first)

            let outbound = try OlmOutboundGroupSession()
            let roomKey: JSONValue = [
                "type": "m.room_key",
                "content": [
                    "algorithm": "m.megolm.v1.aes-sha2", "room_id": "!room",
                    "session_id": .string(outbound.sessionID.rawValue), "session_key": .string(try outbound.sessionKey()),
                ],
                "sender": "@alice:localhost", "keys": ["ed25519": .string(alice.identityKeys.ed25519.rawValue)],
            ]
            let wrapped = try aliceSession.encrypt(try CanonicalJSON.encode(roomKey))
            let received = try JSONValue.decode(try bobSession.decrypt(wrapped))
            let sessionKey = try #require(received["content"]?["session_key"]?.stringValue)

            let inbound = try OlmInboundGroupSession(sessionKey: sessionKey)
            #expect(inbound.sessionID == outbound.sessionID)
            #expect(inbound.isVerified)
            #expect(inbound.firstKnownIndex == 0)
            for index in 0..<3 {
                #expect(outbound.messageIndex == UInt32(index))
                let ciphertext = try outbound.encrypt(Data("message \(index)".utf8))
                let (plaintext, messageIndex) = try inbound.decrypt(ciphertext)
                #expect(plaintext == Data("message \(index)".utf8))
                #expect(messageIndex == UInt32(index))
            }
        }
    }
}
