import Foundation
import MatrixAppService
import MatrixCrypto
import Testing
@testable import Bridge

private func config(_ replacing: [String: String] = [:]) throws -> TroupeConfig {
    var text = ConfigTemplate.render(.generated(homeserver: "http://127.0.0.1:8008", domain: "localhost"))
    for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
    return try TroupeConfig.parse(yaml: text, directory: "/srv/troupe")
}

private func problems(_ replacing: [String: String]) -> [ConfigError] {
    do {
        _ = try config(replacing)
        return []
    } catch let errors as ConfigErrors {
        return errors.errors
    } catch {
        return [ConfigError("", "\(error)")]
    }
}

@Suite struct VerificationLevelsConfigTests {
    @Test func initWritesEncryptionOnWithElementsLevels() throws {
        let written = try config()
        #expect(written.encryption.allow)
        #expect(written.encryption.byDefault)
        #expect(written.encryption.verificationLevels == .default)
    }

    @Test func levelsAreReadPerKey() throws {
        let lowered = try config(["    send: cross-signed-tofu": "    send: unverified",
                                  "    share: cross-signed-tofu": "    share: cross-signed-verified"])
        #expect(lowered.encryption.verificationLevels
            == VerificationLevels(receive: .crossSignedTOFU, send: .unverified, share: .crossSignedVerified))
    }

    @Test func aMissingSectionMeansTheDefaults() throws {
        let text = ConfigTemplate.render(.generated(homeserver: "http://127.0.0.1:8008", domain: "localhost"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.contains("verification_levels:") && !$0.contains(": cross-signed-tofu") }
        let parsed = try TroupeConfig.parse(yaml: kept.joined(separator: "\n"), directory: "/srv/troupe")
        #expect(parsed.encryption.verificationLevels == .default)
    }

    @Test func unknownLevelsAndKeysAreNamed() {
        let errors = problems(["    receive: cross-signed-tofu": "    receive: trusted\n    recieve: unverified"])
        #expect(errors.map(\.key).sorted() == ["encryption.verification_levels.receive", "encryption.verification_levels.recieve"])
        #expect(errors.first { $0.key.hasSuffix(".receive") }?.problem.contains("cross-signed-tofu") == true)
    }
}
