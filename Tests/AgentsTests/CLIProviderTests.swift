import Foundation
import Testing
@testable import Agents

/// Each CLI provider driven end to end through the runtime against its fake.
@Suite struct CLIProviderTests {
    @Test func claudeRunsInTheWorkspaceWithTroupeEnvironment() async throws {
        let h = try Harness.make(agents: [
            "main": AgentDefinition(provider: "claude", model: "sonnet", systemPrompt: "You review code.", permissionMode: "acceptEdits"),
        ])
        let events = try await h.ask("hello")
        #expect(events.texts == ["echo: hello"])
        let result = try #require(events.result)
        #expect(result.text == "echo: hello")
        #expect(result.costUSD == 0.0123456)

        let call = try #require(h.invocations().first)
        #expect(call.argv == [
            "-p", "--output-format=stream-json", "--verbose", "--model=sonnet", "--permission-mode=acceptEdits",
            "--append-system-prompt=You review code.",
        ])
        #expect(call.value("stdin") == "hello")
        let workspace = h.temp.url.appendingPathComponent("data/agents/main/workspace").path
        #expect(call.value("cwd") == workspace)
        #expect(call.contains("env TROUPE_AGENT=main"))
        #expect(call.contains("env TROUPE_CHAT=test:chat"))
        #expect(call.contains("env FAKE_EXTRA=from-host"))
        for file in ["CLAUDE.md", "AGENTS.md", "GEMINI.md"] {
            let text = try String(contentsOfFile: workspace + "/" + file, encoding: .utf8)
            #expect(text.contains("You are main (`main`)"))
            #expect(text.contains("You review code."))
        }
    }

    @Test func claudeResumesItsSession() async throws {
        let h = try Harness.make()
        let first = try await h.ask("one")
        let session = try #require(first.startedSession)
        _ = try await h.ask("two")
        let calls = h.invocations()
        #expect(calls.count == 2)
        #expect(!calls[0].argv.contains { $0.hasPrefix("--resume") })
        #expect(calls[1].argv.suffix(1) == ["--resume=\(session)"])
        #expect(calls[1].value("stdin") == "two")
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.sessionID == session)
    }

    @Test func codexReadsThePromptFromStdinAndResumesItsThread() async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: "codex", model: "gpt-5", reasoningEffort: "high")])
        let first = try await h.ask("count files")
        #expect(first.result?.text == "echo: count files")
        let thread = try #require(first.startedSession)
        _ = try await h.ask("again")
        let calls = h.invocations()
        #expect(calls[0].argv == [
            "exec", "--json", "--color", "never", "--skip-git-repo-check", "--model=gpt-5",
            "-c", "model_reasoning_effort=high", "--", "-",
        ])
        #expect(calls[0].value("stdin") == "count files")
        #expect(calls[1].argv.suffix(4) == ["resume", "--", thread, "-"])
        #expect(calls[1].value("stdin") == "again")
    }

    @Test func geminiGetsItsSystemPromptFileAndResumes() async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: "gemini", model: "gemini-2.5-pro", systemPrompt: "Answer in French.")])
        let first = try await h.ask("bonjour")
        #expect(first.result?.text == "echo: bonjour")
        let session = try #require(first.startedSession)
        _ = try await h.ask("encore")
        let calls = h.invocations()
        #expect(calls[0].argv == ["--output-format", "stream-json", "--model=gemini-2.5-pro"])
        #expect(calls[0].value("stdin") == "bonjour")
        let systemFile = try #require(calls[0].first { $0.hasPrefix("env GEMINI_SYSTEM_MD=/") }.map { String($0.dropFirst(21)) })
        #expect(try String(contentsOfFile: systemFile, encoding: .utf8) == "Answer in French.")
        #expect(calls[1].argv.suffix(1) == ["--resume=\(session)"])
    }

    @Test func extraArgsGoAfterTroupeFlagsAndThePromptGoesOnStdin() {
        func turn(_ session: String) -> ProviderTurn {
            ProviderTurn(agent: "main", chat: "c", prompt: "p", resumeSessionID: session, workspace: URL(fileURLWithPath: "/tmp"), environment: [:])
        }
        #expect(ClaudeTool().invocation(for: turn("S"), extraArgs: ["--debug", "api"]).arguments
            == ["-p", "--output-format=stream-json", "--verbose", "--resume=S", "--debug", "api"])
        #expect(CodexTool().invocation(for: turn("T"), extraArgs: ["--sandbox", "read-only"]).arguments
            == ["exec", "--json", "--color", "never", "--skip-git-repo-check", "--sandbox", "read-only", "resume", "--", "T", "-"])
        #expect(GeminiTool().invocation(for: turn("G"), extraArgs: ["--yolo"]).arguments
            == ["--output-format", "stream-json", "--resume=G", "--yolo"])
    }

    @Test(arguments: ["claude", "codex", "gemini"])
    func rejectedSessionIsResetAndTheTurnRetriedOnce(provider: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)], scenario: "resume_rejected")
        let first = try await h.ask("first")
        #expect(first.result != nil)
        let oldSession = try #require(first.startedSession)
        let second = try await h.ask("second")
        let result = try #require(second.result, "events: \(second)")
        #expect(second.notices.contains { $0.contains("could not be resumed") })
        let calls = h.invocations()
        #expect(calls.count == 3)  // first, rejected resume, fresh retry
        #expect(calls[1].argv.contains { $0.contains(oldSession) })
        #expect(!calls[2].argv.contains { $0.contains(oldSession) })
        let newSession = try #require(result.sessionID)
        #expect(newSession != oldSession)
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.sessionID == newSession)
    }

    @Test(arguments: ["claude", "codex", "gemini"])
    func toolUseAndThinkingReachTheTransport(provider: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)])
        let events = try await h.ask("scenario:tool_use")
        #expect(!events.tools.isEmpty)
        #expect(events.result?.text.contains("There are 3 files.") == true)
    }

    @Test(arguments: ["claude", "codex", "gemini"])
    func errorFromTheToolIsAFailure(provider: String) async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: provider)])
        let events = try await h.ask("scenario:error")
        let error = try #require(events.error)
        #expect(error.kind == .toolFailed)
        #expect(!error.message.isEmpty)
    }
}
