import Foundation
import Testing
@testable import Agents

@Suite struct ConfigTests {
    private func decode(_ json: String) throws -> AgentsConfiguration {
        try JSONDecoder().decode(AgentsConfiguration.self, from: Data(json.utf8))
    }

    private func problems(_ config: AgentsConfiguration) -> [String] {
        do {
            try config.validate()
            return []
        } catch let errors as ConfigValidationErrors {
            return errors.errors.map(\.description)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func snakeCaseKeysAreRead() throws {
        let config = try decode("""
            {"homeserver": {"address": "ignored"},
             "agents": {"main": {"provider": "codex", "model": "gpt-5", "reasoning_effort": "high",
                                 "system_prompt": "Be brief.", "permission_mode": "acceptEdits",
                                 "displayname": "Main", "workspace": "ws/main", "turn_timeout": 30, "max_turn_duration": 60}},
             "providers": {"codex": {"command": "/opt/codex", "args": ["--sandbox", "workspace-write"], "env": {"A": "1"}},
                           "ollama": {"kind": "openai", "base_url": "http://127.0.0.1:11434/v1", "api_key_env": "OLLAMA_KEY", "model": "llama3"}},
             "runtime": {"max_concurrent_turns": 8, "turn_timeout": 120, "timeout_warning": 10, "timeout_extension": 30,
                         "max_turn_duration": 600, "kill_grace": 1, "history_max_messages": 10, "history_max_chars": 5000}}
            """)
        let main = try #require(config.agents["main"])
        #expect(main == AgentDefinition(
            provider: "codex", model: "gpt-5", displayname: "Main", reasoningEffort: "high", systemPrompt: "Be brief.",
            permissionMode: "acceptEdits", workspace: "ws/main", turnTimeout: 30, maxTurnDuration: 60))
        #expect(config.providers["codex"]?.args == ["--sandbox", "workspace-write"])
        #expect(config.providers["codex"]?.env == ["A": "1"])
        #expect(config.runtime == RuntimeSettings(
            maxConcurrentTurns: 8, turnTimeout: 120, timeoutWarning: 10, timeoutExtension: 30, maxTurnDuration: 600,
            killGrace: 1, historyMaxMessages: 10, historyMaxChars: 5000))
        let ollama = try #require(config.resolvedProviders["ollama"])
        #expect(ollama.kind == .openai)
        #expect(ollama.settings.baseURL == "http://127.0.0.1:11434/v1")
        #expect(problems(config) == [])
    }

    @Test func everySectionHasDefaults() throws {
        let config = try decode("{}")
        #expect(config.agents == ["main": AgentDefinition(provider: "claude")])
        #expect(config.runtime == RuntimeSettings())
        #expect(Set(config.resolvedProviders.keys) == ["claude", "codex", "gemini", "openai"])
        #expect(config.resolvedProviders["codex"]?.settings.command == "codex")
        #expect(config.resolvedProviders["openai"]?.settings.apiKeyEnv == "OPENAI_API_KEY")
        #expect(problems(config) == [])
    }

    @Test func configuredBuiltInKeepsItsDefaults() throws {
        let config = try decode(#"{"providers": {"claude": {"args": ["--debug"]}, "openai": {"model": "gpt-4o"}}}"#)
        #expect(config.resolvedProviders["claude"]?.settings.command == "claude")
        #expect(config.resolvedProviders["openai"]?.settings.baseURL == "https://api.openai.com/v1")
    }

    @Test func unknownProviderNamesTheKnownOnes() throws {
        let config = try decode(#"{"agents": {"main": {}, "coder": {"provider": "cdex"}}}"#)
        #expect(problems(config) == [#"agents.coder.provider: unknown provider "cdex" (known: claude, codex, gemini, openai)"#])
    }

    @Test func badAgentNamesAreRejected() throws {
        let config = AgentsConfiguration(agents: [
            "main": AgentDefinition(), "Coder": AgentDefinition(), "a b": AgentDefinition(),
            String(repeating: "x", count: 33): AgentDefinition(), "ok_name-2": AgentDefinition(),
        ])
        let found = problems(config)
        #expect(found.contains("agents.Coder: name must match [a-z0-9_-]{1,32}"))
        #expect(found.contains("agents.a b: name must match [a-z0-9_-]{1,32}"))
        #expect(found.contains("agents.\(String(repeating: "x", count: 33)): name must match [a-z0-9_-]{1,32}"))
        #expect(found.count == 3)
    }

    @Test func mainAgentIsRequired() {
        let config = AgentsConfiguration(agents: ["coder": AgentDefinition(provider: "codex")])
        #expect(problems(config) == [#"agents: no agent named "main"; the bot user needs one"#])
    }

    @Test func typosAndBadValuesAreAllReported() throws {
        let config = try decode("""
            {"agents": {"main": {"reasoning-effort": "high", "reasoning_effort": "extreme", "turn_timeout": 0}},
             "providers": {"local": {"base_url": "http://x"}, "mine": {"kind": "openai", "base_url": "ftp://x"},
                           "codex": {"command": " "}},
             "runtime": {"max_concurrent_turns": 0, "turn_timout": 5, "kill_grace": 1e300, "max_turn_duration": 1e300}}
            """)
        let found = problems(config)
        // Past Int64 nanoseconds these would trap when turned into a Duration or a sleep.
        #expect(found.contains("runtime.kill_grace: must be between 0 and 31536000 seconds"))
        #expect(found.contains("runtime.max_turn_duration: must be greater than 0 and at most 31536000 seconds"))
        #expect(found.contains { $0 == "agents.main.reasoning-effort: unknown key; did you mean reasoning_effort?" })
        #expect(found.contains("agents.main.reasoning_effort: \"extreme\" is not one of minimal, low, medium, high, xhigh"))
        #expect(found.contains("agents.main.turn_timeout: must be greater than 0 and at most 31536000 seconds"))
        #expect(found.contains { $0.hasPrefix("providers.local.kind: missing;") })
        #expect(found.contains("providers.mine.base_url: \"ftp://x\" is not an http(s) URL"))
        #expect(found.contains("providers.codex.command: must not be empty"))
        #expect(found.contains("runtime.max_concurrent_turns: must be at least 1"))
        #expect(found.contains { $0.hasPrefix("runtime.turn_timout: unknown key") })
    }

    @Test func runLimitsDecodeWithDefaultsAndAreValidated() throws {
        let defaults = try decode(#"{"agents": {"main": {}}}"#).runtime.runs
        #expect(defaults == RunSettings())
        #expect(defaults.maxConcurrent == 4 && defaults.maxDepth == 2 && defaults.tokenBudget == nil)
        let set = try decode(#"{"agents": {"main": {}}, "runtime": {"runs": {"max_concurrent": 8, "token_budget": 5000, "run_timeout": 60}}}"#)
        #expect(set.runtime.runs.maxConcurrent == 8 && set.runtime.runs.tokenBudget == 5000 && set.runtime.runs.runTimeout == 60)
        #expect(problems(set).isEmpty)

        let bad = try decode(#"{"agents": {"main": {}}, "runtime": {"runs": {"max_depth": 0, "max_total": -1, "run_timeout": 0, "token_budget": 0, "delivery_backoff": -1, "max_childs": 3}}}"#)
        let found = problems(bad)
        #expect(found.contains("runtime.runs.max_depth: must be at least 1"))
        #expect(found.contains("runtime.runs.max_total: must be at least 1"))
        #expect(found.contains("runtime.runs.run_timeout: must be greater than 0"))
        #expect(found.contains { $0.hasPrefix("runtime.runs.token_budget: must be at least 1") })
        #expect(found.contains("runtime.runs.delivery_backoff: must not be negative"))
        #expect(found.contains { $0 == "runtime.runs.max_childs: unknown key; did you mean max_children?" })
    }

    @Test func runtimeRefusesAnInvalidConfiguration() throws {
        let config = AgentsConfiguration(agents: ["main": AgentDefinition(provider: "nope")])
        let db = try DatabaseQueueFactory.migrated()
        #expect(throws: ConfigValidationErrors.self) {
            _ = try AgentRuntime(configuration: config, database: db, dataDirectory: URL(fileURLWithPath: "/tmp"))
        }
    }
}

import GRDB
enum DatabaseQueueFactory {
    static func migrated() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try AgentsSchema.migrate(queue)
        return queue
    }
}
