import Agents
import Foundation
import GRDB
import Logging
import MatrixAppService
import Testing
@testable import Bridge

/// The first message in an agent's room says truly what the agent runs on, and what to install when it cannot run.
@Suite struct WelcomeTests {
    static let fakeClaude = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fake-cli/claude").path

    /// An `AgentPresence` whose homeserver is never called: `welcome` only composes text.
    static func presence(_ configuration: AgentsConfiguration, configPath: String? = "/srv/troupe/config.yaml") throws -> AgentPresence {
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        AgentsSchema.registerMigrations(&migrator)
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-welcome-\(UUID().uuidString)")
        let runtime = try AgentRuntime(configuration: configuration, database: database, dataDirectory: directory)
        let settings = AppServiceSettings(id: "troupe", homeserverURL: "http://127.0.0.1:9", domain: "localhost", asToken: "as",
                                          hsToken: "hs", botLocalpart: "troupe", userPrefix: "troupe_")
        let logger = Logger(label: "test")
        let client = HomeserverClient(baseURL: settings.homeserverURL, asToken: "as", logger: logger)
        let appservice = AppService(settings: settings, client: client, state: NoStateStore())
        return AgentPresence(appservice: appservice, runtime: runtime, store: SQLiteBridgeStore(database), liveOwners: .fixed([]), encryptRooms: false,
                             botDisplayname: "Troupe", botAvatar: nil, logger: logger, configPath: configPath)
    }

    @Test func anInstalledCLISaysItsProviderAndNoInstallAdvice() throws {
        let config = AgentsConfiguration(agents: ["main": AgentDefinition(provider: "claude", model: "sonnet")],
                                         providers: ["claude": ProviderSettings(command: Self.fakeClaude)])
        let text = try Self.presence(config).welcome("main", config.agents["main"])
        #expect(text.hasPrefix("👋 I am **Troupe** (`main`), an agent running on **claude**, model `sonnet`."))
        #expect(!text.contains("not installed"))
    }

    @Test func anOpenAIServerShowsItsAddressAndTheProvidersModel() throws {
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "openai")],
            providers: ["openai": ProviderSettings(model: "llama3.2:latest", baseURL: "http://127.0.0.1:11434/v1")])
        let text = try Self.presence(config).welcome("main", config.agents["main"])
        #expect(text.hasPrefix(
            "👋 I am **Troupe** (`main`), an agent running on **openai (http://127.0.0.1:11434/v1)**, model `llama3.2:latest`."))
        #expect(!text.contains("not installed"))
    }

    @Test func aMissingCLINamesEveryInstallCommandAndTheConfigLine() throws {
        let config = AgentsConfiguration(agents: ["main": AgentDefinition(provider: "claude")],
                                         providers: ["claude": ProviderSettings(command: "troupe-no-such-claude")])
        let text = try Self.presence(config).welcome("main", config.agents["main"])
        #expect(text.contains("⚠️ `troupe-no-such-claude` is not installed here, so I cannot answer yet (commands work)."))
        #expect(text.contains("- install Claude Code: `npm install -g @anthropic-ai/claude-code`"))
        #expect(text.contains("- or set `providers.claude.command` in `/srv/troupe/config.yaml` to where it is"))
        #expect(text.contains("- or set `agents.main.provider` there to codex (`npm install -g @openai/codex`), "
            + "gemini (`npm install -g @google/gemini-cli`), openai ("))
        #expect(text.contains("docs/agents.md#provider-setup"))
    }

    @Test func anAgentAddedInChatIsNotSentToTheConfigToChangeProvider() throws {
        let config = AgentsConfiguration(agents: ["main": AgentDefinition(provider: "codex")],
                                         providers: ["codex": ProviderSettings(command: "troupe-no-such-codex")])
        let text = try Self.presence(config, configPath: nil).welcome("coder", AgentDefinition(provider: "codex"))
        #expect(text.contains("- install Codex: `npm install -g @openai/codex`"))
        #expect(text.contains("in the config file to where it is"))
        #expect(!text.contains("agents.coder.provider"))
    }
}
