import Foundation
import Testing
@testable import Bridge

/// Loading reports every problem at once: type errors, unknown keys, overrides, secret files and validation.
@Suite struct ConfigLoaderTests {
    private func problems(_ yaml: String, environment: [String: String] = [:], directory: String = "/srv") -> [ConfigError] {
        do {
            _ = try TroupeConfig.parse(yaml: yaml, directory: directory, environment: environment)
            return []
        } catch let errors as ConfigErrors {
            return errors.errors
        } catch {
            return [ConfigError("", "\(error)")]
        }
    }

    private func replacing(_ pairs: [String: String]) -> String {
        var text = ConfigFixture.template
        for (old, new) in pairs {
            #expect(text.contains(old), "the template has \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    private let token = String(repeating: "t", count: 64)

    @Test func typeErrorsAreAllReportedTogetherWithWhatWasFound() {
        let errors = problems(replacing([
            "port: 29333": "port: \"abc\"", "max_edits: 40": "max_edits: [1]", "footer: false": "footer: maybe",
        ]))
        #expect(errors.map(\.key) == ["appservice.port", "streaming.footer", "streaming.max_edits"])
        #expect(errors[0].problem == "expected a whole number, not \"abc\"")
        #expect(errors[1].problem == "expected true or false, not \"maybe\"")
        // Yams reports a list where a value belongs without the value's type.
        #expect(errors[2].problem == "expected a single value, not a list")
    }

    @Test func typeErrorsComeWithUnknownKeysAndValidationSortedByKey() {
        let yaml = ConfigFixture.replacing(section: "agents", with: "  main:\n    turn_timeout: soon", in: replacing([
            "port: 29333": "port: abc", "level: info": "level: loud", "  footer: false": "  footer: false\n  fotter: true",
        ]))
        let errors = problems(yaml)
        #expect(errors.map(\.key) == ["agents.main.turn_timeout", "appservice.port", "logging.level", "streaming.fotter"])
        #expect(errors.last?.problem.contains("did you mean footer?") == true)
    }

    @Test func aRemovedValueIsNotAlsoReportedMissing() {
        let errors = problems(replacing(["address: http://127.0.0.1:8008": "address: [http://127.0.0.1:8008]"]))
        #expect(errors == [ConfigError("homeserver.address", "expected a single value, not a list")])
    }

    @Test func badListItemsNameTheIndexAsWritten() {
        let errors = problems(ConfigFixture.template + "\nowners: [\"@a:localhost\", [x], \"@b:localhost\", {y: 1}]\n")
        #expect(errors.map(\.key) == ["owners[1]", "owners[3]"])
    }

    @Test func environmentOverridesNestedKeysWithTypedValues() throws {
        let config = try TroupeConfig.parse(yaml: ConfigFixture.template, directory: "/srv", environment: [
            "TROUPE_APPSERVICE__PORT": "29400", "TROUPE_STREAMING__FOOTER": "true", "TROUPE_APPSERVICE__AS_TOKEN": token,
            "TROUPE_APPSERVICE__BOT__DISPLAYNAME": "1234",
        ])
        #expect(config.port == 29400)
        #expect(config.streaming.footer)
        #expect(config.asToken == token)
        #expect(config.bot.displayname == "1234")
    }

    @Test func environmentOverrideOfAnUnknownKeyNamesTheVariable() {
        let errors = problems(ConfigFixture.template, environment: ["TROUPE_APPSERVICE__AS_TOKN": token])
        #expect(errors.count == 1)
        #expect(errors.first?.key == "appservice.as_tokn")
        #expect(errors.first?.problem.contains("did you mean as_token?") == true)
        #expect(errors.first?.problem.contains("set by TROUPE_APPSERVICE__AS_TOKN") == true)
    }

    @Test func environmentValueOfTheWrongTypeNamesTheVariable() {
        let errors = problems(ConfigFixture.template, environment: ["TROUPE_APPSERVICE__PORT": "lots"])
        #expect(errors == [ConfigError("appservice.port", "expected a whole number, not \"lots\" (set by TROUPE_APPSERVICE__PORT)")])
    }

    @Test func environmentCannotGoThroughAValue() {
        let errors = problems(ConfigFixture.template, environment: ["TROUPE_APPSERVICE__PORT__X": "1"])
        #expect(errors.first?.key == "appservice.port.x")
        #expect(errors.first?.problem.contains("TROUPE_APPSERVICE__PORT__X") == true)
    }

    @Test func troupesOtherVariablesAreNotOverrides() throws {
        let config = try TroupeConfig.parse(yaml: ConfigFixture.template, directory: "/srv", environment: [
            "TROUPE_TELEGRAM_TOKEN": "123:abc", "TROUPE_LOG_LEVEL": "debug", "TROUPE_IT_SYNAPSE_PORT": "18208",
        ])
        #expect(config.port == 29333)
    }

    @Test func thePrefixComesFromTheFileAndEmptyTurnsOverridesOff() throws {
        let custom = ConfigFixture.template.replacingOccurrences(of: "env_config_prefix: TROUPE_", with: "env_config_prefix: ACME_")
        let config = try TroupeConfig.parse(yaml: custom, directory: "/srv",
                                            environment: ["ACME_APPSERVICE__PORT": "29401", "TROUPE_APPSERVICE__PORT": "1"])
        #expect(config.port == 29401)
        let off = ConfigFixture.template.replacingOccurrences(of: "env_config_prefix: TROUPE_", with: "env_config_prefix: \"\"")
        #expect(try TroupeConfig.parse(yaml: off, directory: "/srv", environment: ["TROUPE_APPSERVICE__PORT": "x"]).port == 29333)
    }

    @Test func secretsMayComeFromFiles() throws {
        let directory = try TemporaryDirectory()
        try (token + "\n").write(toFile: directory.path + "/as_token", atomically: true, encoding: .utf8)
        let yaml = ConfigFixture.template.replacingOccurrences(of: #"as_token: \S+"#, with: "as_token_file: as_token", options: .regularExpression)
        let config = try TroupeConfig.parse(yaml: yaml, directory: directory.path)
        #expect(config.asToken == token)
    }

    @Test func aSecretGivenTwiceIsAnError() {
        let yaml = ConfigFixture.template.replacingOccurrences(of: "  hs_token:", with: "  as_token_file: /run/secrets/as\n  hs_token:")
        let errors = problems(yaml)
        #expect(errors.map(\.key) == ["appservice.as_token"])
        #expect(errors.first?.problem.contains("as_token_file") == true)
    }

    @Test func anUnreadableSecretFileNamesTheKeyAndThePath() {
        let yaml = ConfigFixture.template.replacingOccurrences(of: #"pickle_key: \S+"#, with: "pickle_key_file: /nonexistent/pickle",
                                                               options: .regularExpression)
        let errors = problems(yaml)
        #expect(errors == [ConfigError("encryption.pickle_key_file", "cannot read /nonexistent/pickle: no such file")])
    }

    @Test func theEnvironmentsSecretFileWinsOverTheFilesValue() throws {
        let directory = try TemporaryDirectory()
        try token.write(toFile: directory.path + "/hs", atomically: true, encoding: .utf8)
        let config = try TroupeConfig.parse(yaml: ConfigFixture.template, directory: "/srv",
                                            environment: ["TROUPE_APPSERVICE__HS_TOKEN_FILE": directory.path + "/hs"])
        #expect(config.hsToken == token)
    }

    @Test func aProblemWithAFileSecretSaysWhereItWasRead() throws {
        let directory = try TemporaryDirectory()
        try "short".write(toFile: directory.path + "/hs", atomically: true, encoding: .utf8)
        let errors = problems(ConfigFixture.template, environment: ["TROUPE_APPSERVICE__HS_TOKEN_FILE": directory.path + "/hs"])
        #expect(errors.count == 1)
        #expect(errors.first?.key == "appservice.hs_token")
        #expect(errors.first?.problem.contains("read from \(directory.path)/hs") == true)
    }

    @Test func loadReadsTheProcessEnvironmentItIsGiven() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/config.yaml"
        try ConfigFixture.template.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try TroupeConfig.load(path: path, environment: ["TROUPE_APPSERVICE__PORT": "29402"]).port == 29402)
        #expect(try TroupeConfig.load(path: path, environment: [:]).database == .sqlite(path: directory.path + "/troupe.db"))
    }

    @Test func modulesMayLogAtTheirOwnLevel() throws {
        let yaml = replacing(["  format: pretty\n": "  format: pretty\n  levels: { matrix: debug, troupe.telegram: warning }\n"])
        let config = try TroupeConfig.parse(yaml: yaml, directory: "/srv")
        #expect(config.logLevels == [.matrix: .debug, .telegram: .warning])
        #expect(config.logLevel(forLabel: "troupe.matrix", default: .info) == .debug)
        #expect(config.logLevel(forLabel: "troupe", default: .info) == .info)
    }

    @Test func anUnknownLogModuleListsTheKnownOnes() {
        let errors = problems(replacing(["  format: pretty\n": "  format: pretty\n  levels: { matrx: debug, crypto: loud }\n"]))
        #expect(errors.map(\.key) == ["logging.levels.crypto", "logging.levels.matrx"])
        #expect(errors[1].problem.contains("appservice, matrix, crypto"))
    }
}
