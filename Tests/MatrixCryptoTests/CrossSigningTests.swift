import Foundation
import GRDB
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

private let user: UserID = "@troupe_bob:localhost"
/// The spec's JSON signing test vector (see matrix-facts.md).
private let vectorSeed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1"
private let vectorEmptySignature = "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"

private func deviceKeys(_ device: String = "DEV", of owner: UserID = user) throws -> JSONValue {
    let account = try OlmAccount()
    let keys: JSONValue = [
        "user_id": .string(owner.rawValue), "device_id": .string(device),
        "algorithms": [.string(CryptoAlgorithm.olm), .string(CryptoAlgorithm.megolm)],
        "keys": .object(["curve25519:\(device)": .string(account.identityKeys.curve25519.rawValue),
                         "ed25519:\(device)": .string(account.identityKeys.ed25519.rawValue)]),
    ]
    return try JSONSigning.sign(keys, entity: owner.rawValue, keyID: "ed25519:\(device)", with: account)
}

extension CryptoTests {
    @Suite struct CrossSigningTests {
        @Test func theUploadedKeysFormAChainThatVerifies() throws {
            let keys = try OwnCrossSigningKeys.generate()
            let body = try keys.uploadBody(for: user)
            let master = try #require(CrossSigningChain.key(of: body["master_key"], user: user, usage: "master"))
            #expect(master == keys.master)
            #expect(CrossSigningChain.selfSigningKey(body["self_signing_key"], master: master, user: user) == keys.selfSigning)
            let userSigning = try #require(body["user_signing_key"])
            #expect(CrossSigningChain.key(of: userSigning, user: user, usage: "user_signing") == keys.userSigning)
            #expect(CrossSigningChain.isSigned(userSigning, by: master, of: user))

            let device = try keys.signDevice(try deviceKeys(), of: user)
            #expect(CrossSigningChain.isDeviceSigned(device, selfSigning: keys.selfSigning, user: user))
            // The device's own signature stays next to the cross-signing one.
            #expect(JSONSigning.signature(in: device, entity: user.rawValue, keyID: "ed25519:DEV") != nil)
        }

        @Test func aBrokenLinkBreaksTheChain() throws {
            let keys = try OwnCrossSigningKeys.generate()
            let other = try OwnCrossSigningKeys.generate()
            let body = try keys.uploadBody(for: user)
            // A self-signing key signed by another master key.
            #expect(CrossSigningChain.selfSigningKey(body["self_signing_key"], master: other.master, user: user) == nil)
            // A device signed by another identity, or not at all.
            let foreign = try other.signDevice(try deviceKeys(), of: user)
            #expect(!CrossSigningChain.isDeviceSigned(foreign, selfSigning: keys.selfSigning, user: user))
            #expect(!CrossSigningChain.isDeviceSigned(try deviceKeys(), selfSigning: keys.selfSigning, user: user))
            // A signed device whose keys were changed afterwards.
            guard case .object(var tampered) = try keys.signDevice(try deviceKeys(), of: user) else { Issue.record("not an object"); return }
            tampered["device_id"] = "OTHER"
            #expect(!CrossSigningChain.isDeviceSigned(.object(tampered), selfSigning: keys.selfSigning, user: user))
            // Keys of another user, or for another usage, are not this user's master key.
            #expect(CrossSigningChain.key(of: body["master_key"], user: "@eve:localhost", usage: "master") == nil)
            #expect(CrossSigningChain.key(of: body["self_signing_key"], user: user, usage: "master") == nil)
        }

        @Test func signingUsesTheSpecsCanonicalJSONAndEd25519() throws {
            let other = UnpaddedBase64.encode(OlmPkSigning.generateSeed())
            let keys = try OwnCrossSigningKeys(seeds: [other, vectorSeed, other])
            let signed = try keys.signDevice([:], of: "domain")
            #expect(JSONSigning.signature(in: signed, entity: "domain", keyID: "ed25519:\(keys.selfSigning.rawValue)") == vectorEmptySignature)
        }

        @Test func sealedSeedsOpenOnlyWithThePickleKey() throws {
            let keys = try OwnCrossSigningKeys.generate()
            let sealed = try keys.sealed(with: OlmPickleKey(String(repeating: "k", count: 64)))
            #expect(!sealed.contains(keys.masterSeed))
            let opened = try OwnCrossSigningKeys.unsealed(sealed, with: OlmPickleKey(String(repeating: "k", count: 64)))
            #expect(opened == keys)
            #expect(throws: CryptoError.self) {
                try OwnCrossSigningKeys.unsealed(sealed, with: OlmPickleKey(String(repeating: "x", count: 64)))
            }
        }

        @Test func levelsAreOrderedAsMautrixHasThem() {
            #expect(TrustLevel.allCases.map(\.rawValue) == ["unverified", "cross-signed-untrusted", "cross-signed-tofu", "cross-signed-verified"])
            #expect(TrustLevel.crossSignedTOFU.passes(.crossSignedTOFU))
            #expect(TrustLevel.crossSignedVerified.passes(.crossSignedTOFU))
            #expect(!TrustLevel.crossSignedUntrusted.passes(.crossSignedTOFU))
            #expect(!TrustLevel.unverified.passes(.crossSignedUntrusted))
            #expect(TrustLevel.unverified.passes(.unverified))
            #expect(VerificationLevels.default == VerificationLevels(receive: .crossSignedTOFU, send: .crossSignedTOFU, share: .crossSignedTOFU))
        }
    }
}
