import Foundation
import Testing
@testable import Agents

/// Chat text never becomes a CLI flag; the prompt travels on stdin; a CLI sees only allow-listed variables.
@Suite(.serialized) struct CLISafetyTests {
    @Test func modelNamesThatCouldBeFlagsAreRefused() {
        for good in ["sonnet", "gpt-5", "claude-sonnet-4.5", "gemini-2.5-pro", "openai/gpt-4o", "llama3:8b", "org/m@v1+x"] {
            #expect(ModelName.isValid(good), "\(good)")
        }
        for bad in ["--yolo", "-m", "", " sonnet", "son net", "a\nb", ".hidden", "x;rm", "$(id)", String(repeating: "a", count: 201)] {
            #expect(!ModelName.isValid(bad), "\(bad)")
        }
    }

    @Test func setModelRefusesAFlag() async throws {
        let h = try Harness.make()
        await #expect(throws: AgentError.self) { try await h.runtime.setModel("--yolo", agent: "main", chat: "c") }
        #expect(await h.runtime.status(agent: "main", chat: "c")?.model == nil)
    }

    @Test func configRefusesAFlagAsModel() {
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "claude", model: "--dangerously-skip-permissions")],
            providers: ["claude": ProviderSettings(command: "claude", model: "-x")])
        let error = #expect(throws: ConfigValidationErrors.self) { try config.validate() }
        let errors = error?.errors.map(\.path) ?? []
        #expect(errors.contains("agents.main.model"))
        #expect(errors.contains("providers.claude.model"))
    }

    /// A model stored before names were checked must still not reach argv.
    @Test func aStoredBadModelFailsTheTurnWithoutStartingTheCLI() async throws {
        let temp = TempDirectory()
        let record = temp.file("record.txt")
        let provider = CLIProvider(name: "claude", settings: ProviderSettings(command: Fixtures.fakeCLI("claude"), env: [:]),
                                   tool: ClaudeTool(), killGrace: 0.5)
        let turn = ProviderTurn(agent: "main", chat: "c", prompt: "hi", model: "--yolo", workspace: temp.url,
                                environment: ["FAKE_RECORD": record, "PATH": "/usr/bin:/bin"])
        var events: [AgentEvent] = []
        for await event in provider.start(turn).events { events.append(event) }
        guard case .failed(let error)? = events.last else { Issue.record("expected a failure, got \(events)"); return }
        #expect(error.message.contains("is not a model name"))
        #expect(!FileManager.default.fileExists(atPath: record))
    }

    @Test func thePromptGoesOnStdinNotArgv() async throws {
        let h = try Harness.make()
        let secretish = "--yolo please " + String(repeating: "x", count: 200_000)  // over the 128 KiB argv limit
        let events = try await h.ask(secretish)
        #expect(events.result != nil, "\(events.suffix(3))")
        let call = try #require(h.invocations().first)
        #expect(!call.argv.contains { $0.contains("--yolo") || $0.contains("xxxx") })
        #expect(call.value("stdin") == secretish)
    }

    @Test func spawnChecksProviderAllowListAndModel() async throws {
        let h = try RunHarness.make()
        let routing = RunHarness.routing
        await #expect(throws: RunError.self) {
            try await h.manager.spawn(RunRequest(agent: "worker", task: "t", routing: routing, provider: "hanging"))
        }
        await #expect(throws: RunError.self) {
            try await h.manager.spawn(RunRequest(agent: "worker", task: "t", routing: routing, model: "--yolo"))
        }
        #expect(try await h.manager.list().isEmpty)
    }

    @Test func providerOverrideNeedsAdminOrAllowList() async throws {
        let h = try Harness.make(agents: [
            "main": AgentDefinition(provider: "claude"),
            "coder": AgentDefinition(provider: "claude", allowedProviders: ["codex"]),
        ])
        await #expect(throws: AgentError.self) { try await h.runtime.authorizeProvider("codex", agent: "main", admin: false) }
        try await h.runtime.authorizeProvider("codex", agent: "main", admin: true)
        try await h.runtime.authorizeProvider("codex", agent: "coder", admin: false)
        try await h.runtime.authorizeProvider("claude", agent: "main", admin: false)
        await #expect(throws: AgentError.self) { try await h.runtime.authorizeProvider("gemini", agent: "coder", admin: false) }
    }

    /// Troupe's own environment holds secrets (bot tokens, API keys); the CLI gets only the allow-list.
    @Test func aSecretInTroupesEnvironmentDoesNotReachTheCLI() async throws {
        setenv("TROUPE_TELEGRAM_TOKEN_CANARY", "s3cret-bot-token", 1)
        setenv("CANARY_API_KEY", "sk-canary", 1)
        setenv("LC_CANARY", "C", 1)
        let h = try Harness.make(agents: [
            "main": AgentDefinition(provider: "claude", env: ["AGENT_VALUE": "a"], passEnv: ["CANARY_API_KEY"]),
            "other": AgentDefinition(provider: "claude"),
        ])
        _ = try await h.ask("hello", agent: "other")
        _ = try await h.ask("hello", agent: "main")
        let calls = h.invocations()
        let other = try #require(calls.first?.value("envnames")).split(separator: " ").map(String.init)
        #expect(!other.contains("TROUPE_TELEGRAM_TOKEN_CANARY"))
        #expect(!other.contains("CANARY_API_KEY"))
        #expect(!other.contains("AGENT_VALUE"))
        for expected in ["PATH", "LC_CANARY", "TROUPE_AGENT", "TROUPE_CHAT", "TROUPE_WORKSPACE", "FAKE_EXTRA", "FAKE_RECORD"] {
            #expect(other.contains(expected), "\(expected) missing from \(other)")
        }
        let allowed = Set(["PATH", "HOME", "LANG", "TZ", "PWD", "SHLVL", "_", "OLDPWD"])
        let unexpected = other.filter { name in
            !allowed.contains(name) && !name.hasPrefix("LC_") && !name.hasPrefix("TROUPE_") && !name.hasPrefix("FAKE_")
        }
        #expect(unexpected.isEmpty, "inherited: \(unexpected)")
        let main = try #require(calls.last?.value("envnames")).split(separator: " ").map(String.init)
        #expect(main.contains("CANARY_API_KEY"))
        #expect(main.contains("AGENT_VALUE"))
        #expect(!main.contains("TROUPE_TELEGRAM_TOKEN_CANARY"))
    }
}
