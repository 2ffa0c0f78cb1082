import Foundation
import Testing
@testable import Bridge

private func validYAML(_ replacing: [String: String] = [:]) -> String {
    var text = ConfigFixture.template
    for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
    return text
}

private func problems(_ yaml: String) -> [ConfigError] { ConfigFixture.problems(yaml, directory: "/srv/troupe") }

@Suite struct ConfigTests {
    @Test func generatedConfigIsValidWithDefaultsAndResolvedPaths() throws {
        let config = try TroupeConfig.parse(yaml: validYAML(), directory: "/srv/troupe")
        #expect(config.port == 29333)
        #expect(config.asToken.count == 64)
        #expect(config.hsToken.count == 64)
        #expect(config.asToken != config.hsToken)
        #expect(config.database == .sqlite(path: "/srv/troupe/troupe.db"))
        #expect(config.dataDirectory == "/srv/troupe/data")
        #expect(config.bot.username == "troupe")
        #expect(config.userPrefix == "troupe_")
        #expect(config.agentNames == ["main"])
    }

    @Test func missingTokenIsNamed() {
        let yaml = validYAML().split(separator: "\n").filter { !$0.contains("hs_token:") }.joined(separator: "\n")
        #expect(problems(yaml).contains(ConfigError("appservice.hs_token", "missing")))
    }

    @Test func wrongTypeNamesTheKey() {
        let errors = problems(validYAML(["port: 29333": "port: lots"]))
        #expect(errors.first?.key == "appservice.port")
        #expect(errors.first?.problem.contains("whole number") == true)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let errors = problems(validYAML([
            "address: http://127.0.0.1:8008": "address: ftp://nowhere",
            "\"localhost\": user": "\"localhost\": superuser",
            "level: info": "level: loud",
        ]))
        let keys = Set(errors.map(\.key))
        #expect(keys == ["homeserver.address", "permissions.localhost", "logging.level"])
    }

    @Test func badAgentNameIsRejected() {
        let errors = problems(validYAML(["\n  main:\n": "\n  Main Agent:\n"]))
        #expect(errors.contains { $0.key == "agents.Main Agent" })
        #expect(errors.contains { $0.key == "agents" && $0.problem.contains("main") })
    }

    @Test func botMayNotLiveInsideTheAgentNamespace() {
        let errors = problems(validYAML(["username: troupe": "username: troupe_bot"]))
        #expect(errors.contains { $0.key == "appservice.bot.username" })
    }

    @Test func encryptionNeedsAPickleKey() {
        let errors = problems(validYAML(["allow: false": "allow: true"]).replacingOccurrences(
            of: #"pickle_key: \S+"#, with: "pickle_key: short", options: .regularExpression))
        #expect(errors.contains { $0.key == "encryption.pickle_key" })
    }

    @Test func notAMappingIsRejected() {
        #expect(problems("- just\n- a list\n").first?.problem.contains("mapping") == true)
    }

    @Test func agentRuntimeKeysAreValidatedToo() {
        let errors = problems(validYAML(["provider: claude": "provider: cdex", "max_concurrent_turns: 4": "max_concurrent_turns: 0"]))
        #expect(errors.contains { $0.key == "agents.main.provider" && $0.problem.contains("cdex") })
        #expect(errors.contains { $0.key == "runtime.max_concurrent_turns" })
    }

    @Test func ownersDefaultToNamedAdmins() throws {
        let config = try TroupeConfig.parse(yaml: validYAML(["# \"@you:localhost\": admin": "\"@boss:localhost\": admin"]), directory: "/")
        #expect(config.owners == ["@boss:localhost"])
        let explicit = try TroupeConfig.parse(yaml: validYAML() + "\nowners: [\"@a:localhost\"]\n", directory: "/")
        #expect(explicit.owners == ["@a:localhost"])
        #expect(problems(validYAML() + "\nowners: [\"nobody\"]\n").contains { $0.key == "owners[0]" })
    }

    @Test func unknownKeysAtAnyDepthAreErrorsWithTheClosestKnownKey() throws {
        let found = problems(validYAML([
            "  allow: true\n": "  alow: true\n",
            "  edit_interval_ms:": "  edit_intervall_ms:",
            "  username: troupe\n": "  username: troupe\n    avatr: mxc://x/y\n",
        ]) + "\npermision:\n  x: y\nwholly_unrelated: 1\n")
        let byKey = Dictionary(found.map { ($0.key, $0.problem) }, uniquingKeysWith: { $1 })
        #expect(byKey["encryption.alow"] == "unknown key; did you mean allow?", "\(found)")
        #expect(byKey["streaming.edit_intervall_ms"] == "unknown key; did you mean edit_interval_ms?")
        #expect(byKey["appservice.bot.avatr"] == "unknown key; did you mean avatar?")
        #expect(byKey["permision"] == "unknown key; did you mean permissions?")
        #expect(byKey["wholly_unrelated"]?.hasPrefix("unknown key (known: agents, agents_env_file, appservice,") == true)
        // The sections that check themselves say the same.
        let agent = problems(validYAML(["    provider: claude\n": "    provider: claude\n    modle: sonnet\n"]))
        #expect(agent.contains { $0.key == "agents.main.modle" && $0.problem == "unknown key; did you mean model?" }, "\(agent)")
    }

    @Test func registrationFollowsTheConfig() throws {
        let config = try TroupeConfig.parse(yaml: validYAML(), directory: "/")
        let registration = config.registration
        #expect(registration.asToken == config.asToken)
        #expect(registration.hsToken == config.hsToken)
        #expect(registration.url == "http://127.0.0.1:29333")
        #expect(registration.senderLocalpart == "troupe")
    }

    /// The example's placeholders are public: a config that still holds them must not start (nor pass `doctor`).
    @Test func placeholderTokensAndPickleKeyAreRefused() throws {
        let keys = Set(problems(ConfigTemplate.render(.example)).map(\.key))
        #expect(keys.isSuperset(of: ["appservice.as_token", "appservice.hs_token", "encryption.pickle_key"]), "\(keys)")
        let short = problems(validYAML().replacingOccurrences(of: "allow: false", with: "allow: true")
            .replacing(#/pickle_key: \S+/#, with: "pickle_key: tooshort"))
        #expect(short.contains { $0.key == "encryption.pickle_key" }, "\(short)")
    }

    /// The committed registration.yaml is only an example: it must hold no token a homeserver would accept.
    @Test func committedRegistrationHoldsNoToken() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("registration.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(!lines.contains { $0.hasPrefix("as_token") || $0.hasPrefix("hs_token") })
    }

    @Test func automationSettingsAreReadAndCheckedKeyByKey() throws {
        let config = try TroupeConfig.parse(yaml: validYAML([
            "  grace_seconds: 600\n": "  timezone: Europe/Berlin\n  grace_seconds: 120\n",
            "  webhooks:\n    enabled: false\n": "  webhooks:\n    enabled: true\n",
            "    port: 29336\n": "    port: 29400\n",
            "    # public_url: https://troupe.example.org\n": "    public_url: \"https://hooks.example.org/\"\n",
            "  permission: admin\n": "  permission: user\n"]), directory: "/srv/troupe")
        #expect(config.automation.timezone.identifier == "Europe/Berlin")
        #expect(config.automation.grace == 120)
        #expect(config.automation.permission == .user)
        #expect(config.automation.webhooks.enabled && config.automation.webhooks.port == 29400)
        #expect(config.automation.webhooks.url == "https://hooks.example.org")

        let found = problems(validYAML([
            "  grace_seconds: 600\n": "  timezone: Mars/Olympus\n  grace_seconds: -1\n  alow: true\n",
            "  webhooks:\n    enabled: false\n": "  webhooks:\n    enabled: true\n    secret: x\n",
            "    port: 29336\n": "    port: 29333\n",
            "  permission: admin\n": "  permission: owner\n"]))
        let keys = Set(found.map(\.key))
        for key in ["automation.timezone", "automation.grace_seconds", "automation.permission", "automation.webhooks.port",
                    "automation.webhooks.secret", "automation.alow"] {
            #expect(keys.contains(key), "\(key) not reported in \(found)")
        }
        #expect(found.first { $0.key == "automation.timezone" }?.problem.contains("IANA") == true)
    }

    @Test func theCommandPrefixIsReadAndChecked() throws {
        #expect(try TroupeConfig.parse(yaml: validYAML(), directory: "/srv/troupe").commands.prefix == "!")
        let dot = try TroupeConfig.parse(yaml: validYAML(["  prefix: \"!\"\n": "  prefix: \"..\"\n"]), directory: "/srv/troupe")
        #expect(dot.commands.prefix == "..")
        for bad in ["\"c\"", "\"! \"", "\"\"", "\"!1\"", "\"@\"", "[\"!\"]"] {
            let found = problems(validYAML(["  prefix: \"!\"\n": "  prefix: \(bad)\n"]))
            #expect(found.map(\.key) == ["commands.prefix"], "\(bad): \(found)")
        }
        let letter = problems(validYAML(["  prefix: \"!\"\n": "  prefix: \"!x\"\n"]))
        #expect(letter.first?.problem.contains("neither letters, digits nor spaces") == true)
        let typo = problems(validYAML(["  prefix: \"!\"\n": "  prefx: \"!\"\n"]))
        #expect(typo.map(\.key) == ["commands.prefx"] && typo.first?.problem.contains("prefix") == true)
    }

    @Test func telegramAdminsMayUseTheBotAndAreAdmins() throws {
        let config = try TroupeConfig.parse(yaml: validYAML(["  admins: []\n": "  admins: [4242]\n"]), directory: "/srv/troupe")
        #expect(config.telegram.admins == [4242])
        #expect(config.telegram.allowedUsers.contains(4242))
    }

    /// config.example.yaml is the template with placeholder secrets; this keeps the two from drifting.
    @Test func exampleConfigMatchesTheTemplate() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent("config.example.yaml"), encoding: .utf8)
        #expect(example == ConfigTemplate.render(.example))
    }
}

@Suite struct YAMLErrorTests {
    @Test func brokenYAMLIsReportedInOneLineWithItsPosition() {
        do {
            _ = try TroupeConfig.parse(yaml: "a: 1\nb: [unclosed\n", directory: "/")
            Issue.record("broken YAML was accepted")
        } catch let errors as ConfigErrors {
            let message = errors.errors.first?.problem ?? ""
            #expect(message.hasPrefix("not valid YAML:"))
            #expect(message.contains("line"))
            #expect(!message.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
