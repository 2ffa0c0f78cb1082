import Foundation
import Testing
@testable import Agents

/// Every way a CLI can misbehave ends in one `failed` event a user can act on.
@Suite struct FailureTests {
    @Test func missingExecutableNamesTheInstallCommandAndTheConfigKey() async throws {
        let h = try Harness.make(providers: ["codex": ProviderSettings(command: "troupe-no-such-codex")],
                                 agents_: ["main": AgentDefinition(provider: "codex")])
        let events = try await h.ask("hi")
        #expect(events.error == AgentError(.toolNotFound(command: "troupe-no-such-codex", provider: "codex", tool: "Codex", kind: .codex,
                                                         isPath: false)))
        #expect(events.error?.message == "troupe-no-such-codex not found on PATH; install Codex with "
            + "`npm install -g @openai/codex` (see docs/agents.md#provider-setup), or set providers.codex.command")
    }

    @Test func missingPathNamesThePathAndTheInstallCommand() async throws {
        let h = try Harness.make(providers: ["claude": ProviderSettings(command: "/nonexistent/claude")])
        let events = try await h.ask("hi")
        #expect(events.error?.kind == .notFound)
        #expect(events.error?.message.hasPrefix("/nonexistent/claude does not exist or is not executable; set providers.claude.command") == true)
        #expect(events.error?.message.contains("install Claude Code with `npm install -g @anthropic-ai/claude-code`") == true)
    }

    @Test(arguments: ProviderKind.allCases)
    func everyCLIKindKnowsItsInstallCommand(kind: ProviderKind) {
        let cli = kind != .openai
        #expect((kind.installCommand?.hasPrefix("npm install -g @") ?? false) == cli)
        #expect(kind.installHint.contains(ProviderKind.setupDoc))
    }

    @Test func missingCommandIsReportedForCLIsOnly() {
        let resolved = AgentsConfiguration(providers: ["claude": ProviderSettings(command: "troupe-no-such-claude")]).resolvedProviders
        #expect(resolved["claude"]?.missingCommand(path: "/usr/bin:/bin") == "troupe-no-such-claude")
        #expect(resolved["codex"]?.missingCommand(path: "/nonexistent") == "codex")
        #expect(resolved["openai"]?.missingCommand(path: "/nonexistent") == nil)
        let sh = AgentsConfiguration(providers: ["gemini": ProviderSettings(command: "sh")]).resolvedProviders
        #expect(sh["gemini"]?.missingCommand(path: "/usr/bin:/bin") == nil)
    }

    @Test(arguments: [("claude", "Invalid API key"), ("codex", "Not logged in"), ("gemini", "Auth method")])
    func nonZeroExitCarriesStderr(provider: String, expected: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)], scenario: "exit_error")
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .toolFailed)
        #expect(error.message.contains("exited with status"))
        #expect(error.message.contains(expected))
    }

    @Test(arguments: ["claude", "codex", "gemini"])
    func silentToolSaysSo(provider: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)], scenario: "silent")
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .noOutput)
        #expect(error.message.contains("exited without printing anything"))
        #expect(error.message.contains("providers.\(provider).command"))
    }

    @Test(arguments: ["claude", "codex", "gemini"])
    func garbageIsBadOutput(provider: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)], scenario: "garbage")
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .badOutput)
        #expect(error.message.contains("line(s) that are not JSON"))
    }

    @Test(arguments: ["claude", "codex", "gemini"])
    func truncatedOutputIsBadOutput(provider: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)], scenario: "truncated")
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .badOutput)
        #expect(error.message.contains("stopped before reporting a result"))
    }

    @Test func wrongProgramIsBadOutput() async throws {
        let h = try Harness.make(providers: ["claude": ProviderSettings(command: Fixtures.fakeCLI("not-json"))])
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .badOutput)
        #expect(error.message.contains("hello from a program"))
    }

    @Test func strayNonJSONLinesAreTolerated() async throws {
        let h = try Harness.make()
        let events = try await h.ask("scenario:noisy")
        #expect(events.result?.text == "fine anyway")
    }

    @Test func hugeOutputIsStreamedToTheEnd() async throws {
        let h = try Harness.make()
        let turn = await h.runtime.submit(agent: "main", chat: "c", text: "scenario:huge")
        var textEvents = 0
        var longest = 0
        var terminal: AgentEvent?
        for await event in turn.events {
            if case .text(let t) = event {
                textEvents += 1
                longest = max(longest, t.utf8.count)
            }
            if event.isTerminal { terminal = event }
        }
        #expect(textEvents == 20_001)
        #expect(longest == 2_000_000)
        if case .finished = terminal {} else { Issue.record("expected finished, got \(String(describing: terminal))") }
    }

    @Test func unknownAgentFailsAtOnce() async throws {
        let h = try Harness.make()
        let events = try await h.ask("hi", agent: "ghost")
        #expect(events == [.failed(AgentError(.unknownAgent("ghost")))])
        #expect(events.error?.message == "There is no agent named ghost.")
    }
}

extension Harness {
    /// Same as `make`, with providers given first (reads better when they are the point of the test).
    static func make(providers: [String: ProviderSettings], agents_ agents: [String: AgentDefinition]) throws -> Harness {
        try make(agents: agents, providers: providers)
    }
}
