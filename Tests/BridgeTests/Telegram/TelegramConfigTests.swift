import Agents
import Foundation
import GRDB
import Testing
@testable import Bridge

@Suite struct TelegramConfigTests {
    private func yaml(_ telegram: String) -> String {
        ConfigFixture.template
            .replacingOccurrences(of: "\n  # coder:\n", with: "\n  coder:\n    provider: codex\n  # coder:\n")
            .replacingOccurrences(of: #"(?s)\ntelegram:\n.*?\n\n"#, with: "\ntelegram:\n" + telegram + "\n\n", options: .regularExpression)
    }

    private func problems(_ telegram: String) -> [ConfigError] { ConfigFixture.problems(yaml(telegram), directory: "/srv/troupe") }

    @Test func templateDefaults() throws {
        let config = try TroupeConfig.parse(yaml: ConfigFixture.template, directory: "/srv")
        #expect(config.telegram == TelegramSettings())
        #expect(config.telegram.tokenEnv == "TROUPE_TELEGRAM_TOKEN")
        #expect(config.telegram.apiURL == "https://api.telegram.org")
        #expect(config.telegram.groupMentionOnly)
        #expect(!config.telegram.enabled)
    }

    @Test func fullSection() throws {
        let config = try TroupeConfig.parse(yaml: yaml("""
              enabled: true
              token_env: MY_BOT
              api_url: http://127.0.0.1:8081/
              allowed_users: [111, "222"]
              allowed_groups: [-1001234]
              group_mention_only: false
              agent_bots: { coder: CODER_BOT }
            """), directory: "/srv")
        let telegram = config.telegram
        #expect(telegram.enabled && telegram.tokenEnv == "MY_BOT")
        #expect(telegram.apiURL == "http://127.0.0.1:8081")
        #expect(telegram.allowedUsers == [111, 222])
        #expect(telegram.allowedGroups == [-1001234])
        #expect(!telegram.groupMentionOnly)
        #expect(telegram.agentBots == ["coder": "CODER_BOT"])
    }

    @Test func badValuesNameTheirKeys() {
        let errors = problems("""
              enabled: sure
              token_env: "not a variable"
              api_url: ftp://x
              allowed_users: [alice, 5]
              allowed_groups: [123]
              group_mention_only: 3
              colour: blue
            """)
        let keys = Set(errors.map(\.key))
        #expect(keys.isSuperset(of: ["telegram.enabled", "telegram.token_env", "telegram.api_url", "telegram.allowed_users[0]",
                                     "telegram.allowed_groups", "telegram.group_mention_only", "telegram.colour"]), "\(errors)")
        #expect(errors.first { $0.key == "telegram.colour" }?.problem.contains("unknown key") == true)
        #expect(errors.first { $0.key == "telegram.allowed_users[0]" }?.problem.contains("\"alice\"") == true)
    }

    @Test func enabledWithoutAnyoneAllowedIsAnError() {
        let errors = problems("  enabled: true")
        #expect(errors.map(\.key) == ["telegram.allowed_users"])
    }

    @Test func agentBotsMustNameAgentsAndOwnVariables() {
        let errors = problems("""
              agent_bots: { ghost: GHOST_BOT, coder: TROUPE_TELEGRAM_TOKEN, main: MAIN_BOT }
            """)
        #expect(Set(errors.map(\.key)) == ["telegram.agent_bots.ghost", "telegram.agent_bots.coder", "telegram.agent_bots.main"])
    }

    @Test func mirrorIsAFlag() throws {
        #expect(problems("  mirror: yes please").map(\.key) == ["telegram.mirror"])
        let config = try TroupeConfig.parse(yaml: yaml("  mirror: true"), directory: "/srv")
        #expect(config.telegram.mirror)
        let clash = yaml("  mirror: true").replacingOccurrences(of: "\n  coder:\n    provider: codex\n", with: "\n  tg_1:\n    provider: codex\n")
        let error = #expect(throws: ConfigErrors.self) { try TroupeConfig.parse(yaml: clash, directory: "/srv") }
        #expect(error?.errors.map(\.key) == ["telegram.mirror"])
    }

    @Test func sectionMustBeAMapping() {
        #expect(problems("  - enabled").map(\.key) == ["telegram"])
    }

    @Test func missingTokenVariableStopsStartUp() async throws {
        var config = try TroupeConfig.parse(yaml: ConfigFixture.template, directory: "/srv")
        config.telegram.enabled = true
        config.telegram.allowedUsers = [1]
        config.telegram.agentBots = ["coder": "CODER_BOT"]
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        AgentsSchema.registerMigrations(&migrator)
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        let runtime = try AgentRuntime(configuration: AgentsConfiguration(), database: database,
                                       dataDirectory: FileManager.default.temporaryDirectory)
        let store = SQLiteTelegramStore(database)
        #expect(throws: TelegramError.missingToken(tokenEnv: "TROUPE_TELEGRAM_TOKEN")) {
            try TelegramBridge.bridges(config: config, runtime: runtime, store: store, logger: .init(label: "test"), environment: [:])
        }
        #expect(throws: TelegramError.missingToken(tokenEnv: "CODER_BOT")) {
            try TelegramBridge.bridges(config: config, runtime: runtime, store: store, logger: .init(label: "test"),
                                       environment: ["TROUPE_TELEGRAM_TOKEN": "1:abc"])
        }
        let bridges = try TelegramBridge.bridges(config: config, runtime: runtime, store: store, logger: .init(label: "test"),
                                                 environment: ["TROUPE_TELEGRAM_TOKEN": "1:abc", "CODER_BOT": " 2:def\n"])
        #expect(bridges.map(\.fixedAgent) == [nil, "coder"])
        #expect(TelegramError.missingToken(tokenEnv: "X_TOKEN").description.contains("X_TOKEN"))
        #expect(TelegramError.unauthorized(tokenEnv: "X_TOKEN").description.contains("$X_TOKEN"))
    }
}
