import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

extension CryptoTests {
    @Suite struct CanonicalJSONTests {
        /// Parses like the network would, then canonicalises.
        func canonical(_ json: String) throws -> String {
            try CanonicalJSON.string(try JSONValue.decode(Data(json.utf8)))
        }

        // The spec's examples (appendix "Canonical JSON").
        @Test func specExamples() throws {
            #expect(try canonical("{}") == "{}")
            #expect(try canonical(#"{"one": 1, "two": "Two"}"#) == #"{"one":1,"two":"Two"}"#)
            #expect(try canonical(#"{"b": "2", "a": "1"}"#) == #"{"a":"1","b":"2"}"#)
            #expect(try canonical(#"{"b":"2","a":"1"}"#) == #"{"a":"1","b":"2"}"#)
            #expect(try canonical("""
                {
                    "auth": {
                        "success": true,
                        "mxid": "@john.doe:example.com",
                        "profile": {
                            "display_name": "John Doe",
                            "three_pids": [
                                {"medium": "email", "address": "john.doe@example.org"},
                                {"medium": "msisdn", "address": "123456789"}
                            ]
                        }
                    }
                }
                """) == #"{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}"#)
            #expect(try canonical(#"{"a": "日本語"}"#) == #"{"a":"日本語"}"#)
            #expect(try canonical(#"{"本": 2, "日": 1}"#) == #"{"日":1,"本":2}"#)
            #expect(try canonical(#"{"a": "\u65E5"}"#) == #"{"a":"日"}"#)
            #expect(try canonical(#"{"a": null}"#) == #"{"a":null}"#)
            #expect(try canonical(#"{"a": -0, "b": 1e10}"#) == #"{"a":0,"b":10000000000}"#)
        }

        @Test func keysSortByCodePointNotUTF16() throws {
            // U+FFFD < U+1F600 by code point (and UTF-8 bytes); UTF-16 would put the surrogate pair D83D first.
            let value: JSONValue = ["\u{1F600}": 1, "\u{FFFD}": 2, "Z": 3, "a": 4, "": 5]
            #expect(try CanonicalJSON.string(value) == "{\"\":5,\"Z\":3,\"a\":4,\"\u{FFFD}\":2,\"\u{1F600}\":1}")
        }

        @Test func onlyQuoteBackslashAndControlCharactersAreEscaped() throws {
            let value: JSONValue = .string("\"\\/\u{08}\u{0C}\n\r\t\u{00}\u{0B}\u{1F}\u{7F}é😀")
            #expect(try CanonicalJSON.string(value)
                == "\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0000\\u000b\\u001f\u{7F}é😀\"")
        }

        @Test func numbersAreIntegersWithinTwoToTheFiftyThree() throws {
            #expect(try CanonicalJSON.string([.int(9_007_199_254_740_991), .int(-9_007_199_254_740_991), 0, -1])
                == "[9007199254740991,-9007199254740991,0,-1]")
            #expect(try CanonicalJSON.string([.double(-0.0), .double(42), .double(1e10)]) == "[0,42,10000000000]")
            #expect(throws: CanonicalJSONError.integerOutOfRange(path: "$.n")) {
                try CanonicalJSON.encode(["n": .int(9_007_199_254_740_992)])
            }
            #expect(throws: CanonicalJSONError.integerOutOfRange(path: "$[0]")) { try CanonicalJSON.encode([.int(.min)]) }
            #expect(throws: CanonicalJSONError.notAnInteger(path: "$.a[1]")) { try CanonicalJSON.encode(["a": [1, 1.5]]) }
            #expect(throws: CanonicalJSONError.notAnInteger(path: "$")) { try CanonicalJSON.encode(.double(.nan)) }
            #expect(throws: CanonicalJSONError.integerOutOfRange(path: "$")) { try CanonicalJSON.encode(.double(1e16)) }
        }

        @Test func scalarsAndEmptyContainers() throws {
            #expect(try CanonicalJSON.string([true, false, nil, [], [:], "", ["a": [:]]]) == #"[true,false,null,[],{},"",{"a":{}}]"#)
        }
    }

    @Suite struct JSONSigningTests {
        // The spec's signing test vectors (appendix "Signing JSON"): an Ed25519 key from this seed, entity
        // "domain", key id "ed25519:1".
        static let seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1"
        static let publicKey: Ed25519Key = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI"
        static let emptySignature = "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"
        static let oneTwoSignature = "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"

        @Test func specVectors() throws {
            let signer = try OlmPkSigning(seedBase64: Self.seed)
            #expect(signer.publicKey == Self.publicKey)

            let empty = try JSONSigning.sign([:], entity: "domain", keyID: "ed25519:1", with: signer)
            #expect(try CanonicalJSON.string(empty) == #"{"signatures":{"domain":{"ed25519:1":"\#(Self.emptySignature)"}}}"#)

            let oneTwo = try JSONSigning.sign(["one": 1, "two": "Two"], entity: "domain", keyID: "ed25519:1", with: signer)
            #expect(JSONSigning.signature(in: oneTwo, entity: "domain", keyID: "ed25519:1") == Self.oneTwoSignature)
            #expect(oneTwo["one"] == 1)

            try JSONSigning.verify(empty, entity: "domain", keyID: "ed25519:1", key: Self.publicKey)
            try JSONSigning.verify(oneTwo, entity: "domain", keyID: "ed25519:1", key: Self.publicKey)
        }

        @Test func unsignedAndOtherSignaturesAreNotSigned() throws {
            let signer = try OlmPkSigning(seedBase64: Self.seed)
            let object: JSONValue = [
                "one": 1, "two": "Two", "unsigned": ["age_ts": 5],
                "signatures": ["other.server": ["ed25519:x": "abc"]],
            ]
            let signed = try JSONSigning.sign(object, entity: "domain", keyID: "ed25519:1", with: signer)
            #expect(JSONSigning.signature(in: signed, entity: "domain", keyID: "ed25519:1") == Self.oneTwoSignature)
            #expect(JSONSigning.signature(in: signed, entity: "other.server", keyID: "ed25519:x") == "abc")
            #expect(signed["unsigned"] == ["age_ts": 5])
        }

        @Test func tamperingOrMissingSignaturesFail() throws {
            let account = try OlmAccount()
            let keyID = "ed25519:DEVICE"
            let deviceKeys: JSONValue = [
                "user_id": "@troupe_coder:localhost", "device_id": "DEVICE",
                "algorithms": ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
                "keys": ["curve25519:DEVICE": .string(account.identityKeys.curve25519.rawValue),
                         "ed25519:DEVICE": .string(account.identityKeys.ed25519.rawValue)],
            ]
            let signed = try JSONSigning.sign(deviceKeys, entity: "@troupe_coder:localhost", keyID: keyID, with: account)
            try JSONSigning.verify(signed, entity: "@troupe_coder:localhost", keyID: keyID, key: account.identityKeys.ed25519)

            guard case .object(var members) = signed else { Issue.record("not an object"); return }
            members["device_id"] = "OTHER"
            #expect(throws: JSONSigningError.invalidSignature(entity: "@troupe_coder:localhost", keyID: keyID,
                                                              reason: "BAD_MESSAGE_MAC")) {
                try JSONSigning.verify(.object(members), entity: "@troupe_coder:localhost", keyID: keyID,
                                       key: account.identityKeys.ed25519)
            }
            #expect(throws: JSONSigningError.missingSignature(entity: "@someone:localhost", keyID: keyID)) {
                try JSONSigning.verify(signed, entity: "@someone:localhost", keyID: keyID, key: account.identityKeys.ed25519)
            }
            #expect(throws: JSONSigningError.notAnObject) { try JSONSigning.signedBytes(of: [1, 2]) }
        }
    }
}
