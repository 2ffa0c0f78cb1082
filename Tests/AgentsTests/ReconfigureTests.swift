import Foundation
import Testing
@testable import Agents

/// A config reload reaching the runtime: agents and providers change from the next turn, the secrets file is read
/// before every turn, and SHARED.md reaches every agent's instructions.
@Suite struct ReconfigureTests {
    @Test func anAddedAgentAnswersAndARemovedOneIsGone() async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: "claude")])
        #expect(try await h.ask("hi", agent: "coder").contains { if case .failed = $0 { true } else { false } })
        var config = h.runtime.configuration
        config.agents["coder"] = AgentDefinition(provider: "codex", displayname: "Coder")
        let removed = try await h.runtime.reconfigure(config)
        #expect(removed.isEmpty)
        #expect(await h.runtime.agents()["coder"]?.displayname == "Coder")
        let events = try await h.ask("hi", agent: "coder")
        #expect(events.contains { if case .finished = $0 { true } else { false } })
        #expect(h.invocations().last?.argv.first == "exec")

        config.agents["coder"] = nil
        #expect(try await h.runtime.reconfigure(config) == ["coder"])
        #expect(await h.runtime.agents()["coder"] == nil)
    }

    @Test func aChangedProviderCommandIsUsedByTheNextTurn() async throws {
        let h = try Harness.make()
        _ = try await h.ask("one")
        var config = h.runtime.configuration
        var claude = try #require(config.providers["claude"])
        claude.env["FAKE_EXTRA_RELOADED"] = "yes"
        claude.args = ["--reloaded"]
        config.providers["claude"] = claude
        try await h.runtime.reconfigure(config)
        _ = try await h.ask("two")
        let calls = h.invocations()
        #expect(calls.count == 2)
        #expect(!(calls[0].argv.contains("--reloaded")))
        #expect(calls[1].argv.contains("--reloaded"))
    }

    @Test func anInvalidConfigChangesNothing() async throws {
        let h = try Harness.make()
        var config = h.runtime.configuration
        config.agents["broken"] = AgentDefinition(provider: "no-such-provider")
        await #expect(throws: (any Error).self) { try await h.runtime.reconfigure(config) }
        #expect(await h.runtime.agents()["broken"] == nil)
        #expect(h.runtime.configuration.agents["broken"] == nil)
    }

    @Test func runtimeLimitsStayAsTheyStarted() async throws {
        let h = try Harness.make()
        let before = h.runtime.configuration.runtime
        var config = h.runtime.configuration
        config.runtime.maxConcurrentTurns = before.maxConcurrentTurns + 7
        try await h.runtime.reconfigure(config)
        #expect(h.runtime.configuration.runtime == before)
    }

    @Test func theSecretsFileIsReadBeforeEveryTurn() async throws {
        let temp = TempDirectory()
        let secrets = temp.file("agents.env")
        try "FIRST_SECRET=one\n".write(toFile: secrets, atomically: true, encoding: .utf8)
        let h = try Harness.make(temp: temp, agentsEnvFile: secrets)
        _ = try await h.ask("one")
        try "export SECOND_SECRET='two'\n".write(toFile: secrets, atomically: true, encoding: .utf8)
        _ = try await h.ask("two")
        let names = h.invocations().map { ($0.value("envnames") ?? "").split(separator: " ").map(String.init) }
        #expect(names[0].contains("FIRST_SECRET"))
        #expect(names[1].contains("SECOND_SECRET"))
        #expect(!names[1].contains("FIRST_SECRET"))
    }

    @Test func anUnreadableSecretsFileFailsTheTurnSayingWhy() async throws {
        let temp = TempDirectory()
        let h = try Harness.make(temp: temp, agentsEnvFile: temp.file("missing.env"))
        let events = try await h.ask("hi")
        let message = events.compactMap { if case .failed(let error) = $0 { error.message } else { nil } }.first
        #expect(message?.contains("agents_env_file") == true)
        #expect(message?.contains("missing.env") == true)
        #expect(h.invocations().isEmpty)
    }

    @Test func sharedNotesReachEveryAgentsInstructions() throws {
        let temp = TempDirectory()
        let data = temp.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try "The user is Ada; the project is a compiler.\n".write(to: Workspace.sharedNotesFile(in: data), atomically: true, encoding: .utf8)
        for agent in ["main", "coder"] {
            let workspace = try Workspace.prepare(agent: agent, definition: AgentDefinition(provider: "claude"), otherAgents: [:],
                                                  dataDirectory: data)
            let rules = try String(contentsOf: workspace.appendingPathComponent("CLAUDE.md"), encoding: .utf8)
            #expect(rules.contains("## Shared notes"))
            #expect(rules.contains("The user is Ada; the project is a compiler."))
        }
        #expect(Workspace.ruleText(agent: "x", definition: AgentDefinition(provider: "claude"), otherAgents: [:]).contains("Shared notes") == false)
    }
}

@Suite struct SecretsFileTests {
    @Test func readsTheDotenvForms() {
        let file = SecretsFile.parse("""
        # keys for the agents
        PLAIN=value
        export EXPORTED=yes
        SPACED = padded value   # a comment
        SINGLE='keep \\n as # written'
        DOUBLE="line\\nnext \\"quoted\\""
        EMPTY=
        HASH=abc#def

        """)
        #expect(file.problems.isEmpty)
        #expect(file.variables == [
            "PLAIN": "value", "EXPORTED": "yes", "SPACED": "padded value", "SINGLE": "keep \\n as # written",
            "DOUBLE": "line\nnext \"quoted\"", "EMPTY": "", "HASH": "abc#def",
        ])
    }

    @Test func badLinesAreNamedAndTheRestCounts() {
        let file = SecretsFile.parse("GOOD=1\njust words\n1BAD=2\nOPEN=\"never closed\nTAIL='x' y\n")
        #expect(file.variables == ["GOOD": "1"])
        #expect(file.problems.map(\.line) == [2, 3, 4, 5])
        #expect(file.problems[0].description == "line 2: expected NAME=value")
    }

    @Test func theProcessEnvironmentWins() {
        let env = ChildEnvironment.build(parent: ["API_KEY": "from-process", "PATH": "/bin"], secrets: ["API_KEY": "from-file", "OTHER": "x"],
                                         provider: ProviderSettings(), agent: AgentDefinition(), troupe: [:])
        #expect(env["API_KEY"] == "from-process")
        #expect(env["OTHER"] == "x")
    }
}
