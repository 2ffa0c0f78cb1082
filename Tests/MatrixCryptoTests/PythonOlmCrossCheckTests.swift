import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

extension CryptoTests {
    /// Runs Tests/Fixtures/olm/crosscheck.py (python-olm 3.2.16 from the repo's .venv) on one JSON request.
    enum PythonOlm {
        static let repoRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // MatrixCryptoTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        static let python = repoRoot.appendingPathComponent(".venv/bin/python")
        static let script = repoRoot.appendingPathComponent("Tests/Fixtures/olm/crosscheck.py")

        struct Failure: Error, CustomStringConvertible {
            let description: String
        }

        static func run(_ request: JSONValue) throws -> JSONValue {
            // Never skip silently: without the venv this cross-check would prove nothing.
            guard FileManager.default.isExecutableFile(atPath: python.path) else {
                throw Failure(description: "\(python.path) is missing: run scripts/setup.sh to create .venv with python-olm")
            }
            let process = Process()
            process.executableURL = python
            process.arguments = [script.path]
            let input = Pipe()
            let output = Pipe()
            let errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            // The helper reads all of stdin before writing anything, so writing first cannot deadlock.
            input.fileHandleForWriting.write(try CanonicalJSON.encode(request))
            try input.fileHandleForWriting.close()
            let answer = output.fileHandleForReading.readDataToEndOfFile()
            let stderr = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: answer, as: UTF8.self) + String(decoding: stderr, as: UTF8.self)
            if text.contains("No module named 'olm'") {
                throw Failure(description: "python-olm is not installed in .venv: run scripts/setup.sh")
            }
            guard process.terminationStatus == 0 else {
                throw Failure(description: "crosscheck.py \(request["command"]?.stringValue ?? "?") failed: \(text)")
            }
            return try JSONValue.decode(answer)
        }
    }

    @Suite struct PythonOlmCrossCheckTests {
        static let pickleKey = "cross-check pickle key"

        @Test func pythonDecryptsOurMegolmMessages() throws {
            let outbound = try OlmOutboundGroupSession()
            let sessionKey = try outbound.sessionKey()
            let plaintexts = ["first", "zweite ✓", String(repeating: "x", count: 1024)]
            let ciphertexts = try plaintexts.map { JSONValue.string(try outbound.encrypt(Data($0.utf8))) }
            let answer = try PythonOlm.run([
                "command": "megolm_decrypt", "session_key": .string(sessionKey), "ciphertexts": .array(ciphertexts),
            ])
            #expect(answer["session_id"]?.stringValue == outbound.sessionID.rawValue)
            #expect(answer["plaintexts"] == .array(plaintexts.map(JSONValue.string)))
            #expect(answer["message_indices"] == [0, 1, 2])
        }

        @Test func weDecryptPythonsMegolmMessages() throws {
            let plaintexts = ["hello from python", "ünïcödé"]
            let answer = try PythonOlm.run(["command": "megolm_encrypt", "plaintexts": .array(plaintexts.map(JSONValue.string))])
            let inbound = try OlmInboundGroupSession(sessionKey: try #require(answer["session_key"]?.stringValue))
            #expect(inbound.sessionID.rawValue == answer["session_id"]?.stringValue)
            let ciphertexts = try #require(answer["ciphertexts"]?.arrayValue)
            for (index, ciphertext) in ciphertexts.enumerated() {
                let (plaintext, messageIndex) = try inbound.decrypt(try #require(ciphertext.stringValue))
                #expect(String(decoding: plaintext, as: UTF8.self) == plaintexts[index])
                #expect(messageIndex == UInt32(index))
            }
        }

        /// We start an olm session to a python-olm account (pre-key messages carrying an m.room_key), python
        /// decrypts and answers with a normal message, which we decrypt.
        @Test func pythonDecryptsOurOlmPreKeyMessagesAndAnswers() throws {
            let peer = try PythonOlm.run(["command": "olm_account_new", "pickle_key": .string(Self.pickleKey), "one_time_keys": 1])
            let identity = try #require(peer["identity_keys"]?["curve25519"]?.stringValue)
            let oneTimeKey = try #require(peer["one_time_keys"]?.objectValue?.values.first?.stringValue)

            let account = try OlmAccount()
            let session = try account.outboundSession(identityKey: Curve25519Key(identity), oneTimeKey: Curve25519Key(oneTimeKey))
            let outbound = try OlmOutboundGroupSession()
            let roomKey = try CanonicalJSON.string([
                "type": "m.room_key",
                "content": ["algorithm": "m.megolm.v1.aes-sha2", "room_id": "!room",
                            "session_id": .string(outbound.sessionID.rawValue), "session_key": .string(try outbound.sessionKey())],
            ])
            let messages = try [roomKey, "second"].map { try session.encrypt(Data($0.utf8)) }
            #expect(messages.allSatisfy { $0.type == .preKey })

            let answer = try PythonOlm.run([
                "command": "olm_inbound_decrypt", "account_pickle": try #require(peer["pickle"]),
                "pickle_key": .string(Self.pickleKey), "sender_key": .string(account.identityKeys.curve25519.rawValue),
                "messages": .array(messages.map { ["type": .int(Int64($0.type.rawValue)), "body": .string($0.body)] }),
                "reply": "got it",
            ])
            #expect(answer["session_id"]?.stringValue == session.sessionID.rawValue)
            #expect(answer["plaintexts"] == [.string(roomKey), "second"])

            let reply = try #require(answer["reply"])
            #expect(reply["type"] == 1)
            let decrypted = try session.decrypt(OlmMessage(type: .normal, body: try #require(reply["body"]?.stringValue)))
            #expect(decrypted == Data("got it".utf8))
        }

        /// python-olm starts a session to our account; we build the inbound session and decrypt.
        @Test func weDecryptPythonsOlmPreKeyMessages() throws {
            let account = try OlmAccount()
            try account.generateOneTimeKeys(count: 1)
            let oneTimeKey = try #require(try account.oneTimeKeys().values.first)
            let plaintexts = ["{\"type\":\"m.room_key\"}", "second"]
            let answer = try PythonOlm.run([
                "command": "olm_outbound_encrypt", "identity_key": .string(account.identityKeys.curve25519.rawValue),
                "one_time_key": .string(oneTimeKey.rawValue), "plaintexts": .array(plaintexts.map(JSONValue.string)),
            ])
            let senderKey = Curve25519Key(try #require(answer["sender_key"]?.stringValue))
            let messages = try #require(answer["messages"]?.arrayValue).map {
                OlmMessage(type: OlmMessage.Kind(rawValue: Int($0["type"]?.intValue ?? -1)) ?? .normal,
                           body: $0["body"]?.stringValue ?? "")
            }
            #expect(messages.first?.type == .preKey)
            let session = try account.inboundSession(preKeyMessage: messages[0].body, from: senderKey)
            try account.removeOneTimeKeys(for: session)
            #expect(session.sessionID.rawValue == answer["session_id"]?.stringValue)
            for (index, message) in messages.enumerated() {
                #expect(try session.matchesInbound(preKeyMessage: message.body, from: senderKey))
                #expect(String(decoding: try session.decrypt(message), as: UTF8.self) == plaintexts[index])
            }
        }

        @Test func pythonVerifiesOurSignatureOfCanonicalJSON() throws {
            let account = try OlmAccount()
            let object: JSONValue = ["user_id": "@troupe:localhost", "keys": ["b": "日本", "a": 1], "unsigned": ["x": 1]]
            let signed = try JSONSigning.sign(object, entity: "@troupe:localhost", keyID: "ed25519:DEV", with: account)
            let signature = try #require(JSONSigning.signature(in: signed, entity: "@troupe:localhost", keyID: "ed25519:DEV"))
            let message = String(decoding: try JSONSigning.signedBytes(of: signed), as: UTF8.self)
            let key = JSONValue.string(account.identityKeys.ed25519.rawValue)

            let valid = try PythonOlm.run(["command": "verify", "key": key, "message": .string(message), "signature": .string(signature)])
            #expect(valid["valid"] == true)
            let invalid = try PythonOlm.run(["command": "verify", "key": key, "message": .string(message + " "),
                                             "signature": .string(signature)])
            #expect(invalid["valid"] == false)
        }

        @Test func pythonsCanonicalJSONMatchesOurs() throws {
            let value: JSONValue = [
                "\u{1F600}": ["nested": [1, -2, "tab\there"]], "\u{FFFD}": "replacement", "Z": nil, "a": true,
                "ctrl": "\u{00}\u{01}\u{08}\u{0B}\u{1F}\u{7F}", "quote": "\"\\/", "日": 9_007_199_254_740_991,
            ]
            let answer = try PythonOlm.run(["command": "canonical", "value": value])
            #expect(answer["canonical"]?.stringValue == (try CanonicalJSON.string(value)))
        }

        @Test func pinnedAccountPickleIsReadableByPythonOlm() throws {
            let answer = try PythonOlm.run([
                "command": "unpickle_account", "pickle": .string(PickleVectors.account),
                "pickle_key": "troupe test pickle key",
            ])
            #expect(answer["identity_keys"] == ["curve25519": .string(PickleVectors.curve25519),
                                                 "ed25519": .string(PickleVectors.ed25519)])
        }

        @Test func pythonsAccountPickleIsReadableByUs() throws {
            let peer = try PythonOlm.run(["command": "olm_account_new", "pickle_key": .string(Self.pickleKey), "one_time_keys": 2])
            let account = try OlmAccount(pickle: try #require(peer["pickle"]?.stringValue), key: OlmPickleKey(Self.pickleKey))
            #expect(account.identityKeys.curve25519.rawValue == peer["identity_keys"]?["curve25519"]?.stringValue)
            #expect(account.identityKeys.ed25519.rawValue == peer["identity_keys"]?["ed25519"]?.stringValue)
            #expect(try account.oneTimeKeys().mapValues(\.rawValue) == peer["one_time_keys"]?.objectValue?.compactMapValues(\.stringValue))
        }
    }
}
