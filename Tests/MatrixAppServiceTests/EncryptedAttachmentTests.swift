import Foundation
import Testing
@testable import MatrixAppService

@Suite struct EncryptedAttachmentTests {
    /// Made by matrix-nio's `encrypt_attachment` (what Element-compatible clients send).
    static let nioFile: JSONValue = [
        "v": "v2",
        "key": ["kty": "oct", "alg": "A256CTR", "ext": true, "k": "ZzEHClvjWMEF2pBf4J0jBrqXYvPH_Zh3n8U_bZ5iff4",
                "key_ops": ["encrypt", "decrypt"]],
        "iv": "9I89/LiKi/UAAAAAAAAAAA",
        "hashes": ["sha256": "Rc4t+lHoT6iaMBRtDbe/2SxFxaVCAd/wi5atnJD3kKo"],
    ]
    static let nioCiphertext = Data(base64Encoded: "VY4FK6FNxWLCzhXsp+JB8QV3xWPODPnnMuy2pg==")!

    @Test func decryptsWhatNioEncrypted() throws {
        let plain = try EncryptedAttachment.decrypt(Self.nioCiphertext, file: Self.nioFile)
        #expect(String(decoding: plain, as: UTF8.self) == "Troupe attachment vector ✓")
    }

    @Test func roundTripAndTheSpecsShape() throws {
        let data = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let (ciphertext, file) = try EncryptedAttachment.encrypt(data)
        #expect(ciphertext != data)
        #expect(ciphertext.count == data.count)
        #expect(file["v"] == "v2")
        #expect(file["key"]?["alg"] == "A256CTR")
        let k = try #require(file["key"]?["k"]?.stringValue)
        #expect(!k.contains("=") && !k.contains("+") && !k.contains("/"))
        let ivText = try #require(file["iv"]?.stringValue)
        let iv = try #require(Base64.decodeAny(ivText))
        #expect(iv.count == 16 && iv.suffix(8).allSatisfy { $0 == 0 })
        #expect(try EncryptedAttachment.decrypt(ciphertext, file: .object(file)) == data)
        // Two files never share a key.
        #expect(try EncryptedAttachment.encrypt(data).file["key"] != file["key"])
    }

    @Test func tamperedOrIncompleteFilesAreRefused() throws {
        var tampered = Self.nioCiphertext
        tampered[0] ^= 1
        #expect(throws: EncryptedAttachment.Failure.hashMismatch) { try EncryptedAttachment.decrypt(tampered, file: Self.nioFile) }
        var noKey = Self.nioFile.objectValue!
        noKey["key"] = ["kty": "oct"]
        #expect(throws: EncryptedAttachment.Failure.self) { try EncryptedAttachment.decrypt(Self.nioCiphertext, file: .object(noKey)) }
        var oldVersion = Self.nioFile.objectValue!
        oldVersion["v"] = "v1"
        #expect(throws: EncryptedAttachment.Failure.unsupportedVersion("v1")) {
            try EncryptedAttachment.decrypt(Self.nioCiphertext, file: .object(oldVersion))
        }
    }
}
