import Agents
import Foundation
import GRDB
import Testing
@testable import Bridge

/// `!provider` and `!model` over a real runtime whose providers are the fake Claude and Codex CLIs.
@Suite struct ProviderCommandTests {
    let table: CommandTable
    let runtime: AgentRuntime

    init() throws {
        let database = try DatabaseQueue()
        try AgentsSchema.migrate(database)
        let fake = MemoryRouting.fakeCLIDirectory
        let env = ["FAKE_DELAY": "0.3"]
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "claude"),
                     "coder": AgentDefinition(provider: "claude", allowedProviders: ["codex"])],
            providers: ["claude": ProviderSettings(command: fake + "/claude", env: env),
                        "sonnet-only": ProviderSettings(kind: .claude, command: fake + "/claude", env: env),
                        "codex": ProviderSettings(command: fake + "/codex", env: env)])
        runtime = try AgentRuntime(configuration: config, database: database,
                                   dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("troupe-provider-\(UUID())"))
        table = BuiltinCommands.table(host: MemoryCommandHost(runtime: runtime))
    }

    private func run(_ text: String, level: PermissionLevel = .admin, agent: String = "main") async -> CommandReply {
        await table.execute(ChatCommand.parse(text)!, context: CommandContext(sender: "@alice:x", level: level, chat: "matrix:!room", agent: agent))
    }

    private func status(_ agent: String = "main") async throws -> ConversationStatus {
        try #require(await runtime.status(agent: agent, chat: "matrix:!room"))
    }

    private func answer(_ text: String) async throws -> TurnResult {
        let turn = await runtime.submit(agent: "main", chat: "matrix:!room", text: text)
        for await event in turn.events {
            if case .finished(let result) = event { return result }
            if case .failed(let error) = event { throw error }
        }
        throw AgentError(.streamEndedEarly(provider: "fake"))
    }

    @Test func withoutANameItShowsTheCurrentProviderAndAPickerOfWhatTheAskerMayChoose() async throws {
        let admin = await run("!provider")
        let menu = try #require(admin.menu)
        #expect(menu.title == "Provider for main (now: claude):")
        #expect(menu.options.map(\.label) == ["default", "claude", "codex", "gemini", "openai", "sonnet-only"])
        #expect(menu.purpose == .command("provider"))
        let user = await run("!provider", level: .user, agent: "coder")
        #expect(user.menu?.options.map(\.label) == ["default", "claude", "codex"])
    }

    @Test func switchingAndGoingBackToTheDefault() async throws {
        #expect(await run("!provider codex").text == "main now uses codex.")
        #expect(try await status().provider == "codex")
        #expect(await run("!provider default").text == "main now uses claude, its configured provider.")
        let back = try await status()
        #expect(back.provider == "claude" && back.providerOverride == nil)
    }

    @Test func anUnknownProviderIsNamedWithTheConfiguredOnesAndChangesNothing() async throws {
        #expect(await run("!provider nope").text == "There is no provider named nope. Configured: claude, codex, gemini, openai, sonnet-only.")
        #expect(await run("!provider codex", level: .user).text.contains("main may not be moved to provider codex"))
        #expect(await run("!provider codex", level: .user, agent: "coder").text == "coder now uses codex.")
        #expect(try await status().provider == "claude")
    }

    @Test func aModelChosenHereStaysOnlyWhereTheNewProviderOffersIt() async throws {
        _ = await run("!model opus")
        #expect(await run("!provider sonnet-only").text == "main now uses sonnet-only.")
        #expect(try await status().modelOverride == "opus")
        let moved = await run("!provider codex")
        #expect(moved.text == "main now uses codex. The model chosen here (opus) is not one of codex's, so codex's default applies.")
        #expect(try await status().modelOverride == nil)
    }

    @Test func theModelPickerListsTheProvidersModels() async throws {
        #expect(await run("!model").menu?.options.map(\.label) == ["default", "sonnet", "opus", "haiku"])
        _ = await run("!provider codex")
        #expect(await run("!model").menu?.options.map(\.label) == ["default", "gpt-5-codex", "gpt-5"])
    }

    @Test func theRunningTurnKeepsItsProviderTheNextUsesTheNewOneAndEachKeepsItsSession() async throws {
        let running = await runtime.submit(agent: "main", chat: "matrix:!room", text: "scenario:slow first")
        for _ in 0..<200 {
            if try await status().busy { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        let switched = await run("!provider codex")
        #expect(switched.text == "main now uses codex. The running turn finishes on claude; the next one uses codex.")
        var first: TurnResult?
        for await event in running.events { if case .finished(let result) = event { first = result } }
        let claudeSession = try #require(first?.sessionID)
        #expect(claudeSession.hasPrefix("claude-"), "the running turn stayed on claude")
        let onCodex = try await answer("second")
        #expect(onCodex.text == "echo: second")
        #expect(onCodex.sessionID?.hasPrefix("0199a213-") == true, "the next turn ran on codex")
        _ = await run("!provider default")
        let backOnClaude = try await answer("third")
        #expect(backOnClaude.sessionID == claudeSession, "claude's session was kept while codex answered")
    }
}
