import Agents
import Foundation
import GRDB
import MatrixAppService
import Testing
@testable import Bridge

@Suite struct SessionNamerTests {
    @Test func namesComeFromThePromptsFirstWords() {
        #expect(SessionNamer.name(for: "Refactor the login form please", taken: [], reserved: []) == "refactor-login")
        #expect(SessionNamer.name(for: "Can you write TESTS?", taken: [], reserved: []) == "write-tests")
        #expect(SessionNamer.name(for: "🙂 ¿¿", taken: [], reserved: []) == "session")
        #expect(SessionNamer.name(for: "supercalifragilistic expialidocious", taken: [], reserved: []).count <= SessionNamer.maxLength)
    }

    @Test func namesNeverCollideWithSessionsOrAgents() {
        #expect(SessionNamer.name(for: "fix bug", taken: ["fix-bug"], reserved: []) == "fix-bug-2")
        #expect(SessionNamer.name(for: "fix bug", taken: ["fix-bug", "fix-bug-2"], reserved: []) == "fix-bug-3")
        #expect(SessionNamer.name(for: "coder", taken: [], reserved: ["coder"]) == "coder-2")
    }
}

/// The commands over a real runtime (fake Claude CLI) and a real store; the host is a stub for the rest.
private struct StubHost: CommandHost {
    let runtime: AgentRuntime
    func agentAdded(_ name: String, requester: String, text: Localizer) async throws -> String { "" }
    func agentRemoved(_ name: String, purge: Bool, text: Localizer) async throws -> String { "" }
    func whereabouts(text: Localizer) async -> [String: [String]] { [:] }
    func leave(agent: String, chat: String, text: Localizer) async throws -> String { "" }
    func health(of agent: String, text: Localizer) async -> String { "ready" }
}

@Suite struct SessionCommandTests {
    let table: CommandTable
    let store: any NamedSessionStore
    let runtime: AgentRuntime
    let database: DatabaseQueue

    init() throws {
        database = try DatabaseQueue()
        try AgentsSchema.migrate(database)
        try TroupeDatabase.migrate(database, migrations: [BridgeSchema.registerMigrations])
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "claude"),
                     "coder": AgentDefinition(provider: "claude", allowedProviders: ["gemini"])],
            providers: ["claude": ProviderSettings(command: "/bin/true"), "gemini": ProviderSettings(command: "/bin/true")])
        let runtime = try AgentRuntime(configuration: config, database: database,
                                       dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("troupe-sessions-\(UUID())"))
        self.runtime = runtime
        store = SQLiteNamedSessionStore(database)
        table = BuiltinCommands.table(host: StubHost(runtime: runtime), sessions: store)
    }

    private func run(_ text: String, chat: String = "matrix:!room", level: PermissionLevel = .user, agent: String = "main") async -> CommandReply {
        await table.execute(ChatCommand.parse(text)!, context: CommandContext(sender: "@alice:x", level: level, chat: chat, agent: agent))
    }

    @Test func sessionStartsASideTurnInItsOwnConversation() async throws {
        let reply = await run("!session Refactor the login form")
        #expect(reply.text.contains("**refactor-login**"))
        #expect(reply.turn == SideTurn(agent: "main", chat: "matrix:!room#refactor-login", text: "Refactor the login form",
                                       label: "refactor-login"))
        let coder = await run("!session @coder write tests")
        #expect(coder.turn?.agent == "coder")
        #expect(coder.turn?.text == "write tests")
        let onGemini = await run("!session @gemini review it", level: .admin)
        #expect(onGemini.turn?.agent == "main")
        #expect(onGemini.text.contains("main on gemini"))
        #expect(try await store.sessions(in: "matrix:!room").map(\.name) == ["refactor-login", "write-tests", "review"])
        #expect(try await store.sessions(in: "matrix:!other").isEmpty)
    }

    @Test func onlyAdminsOrTheAgentsAllowListPickAProvider() async throws {
        let refused = await run("!session @gemini review it")
        #expect(refused.turn == nil)
        #expect(refused.text.contains("main may not be moved to provider gemini"), "\(refused.text)")
        #expect(try await store.sessions(in: "matrix:!room").isEmpty)
        // coder lists gemini in allowed_providers, so any user may start it there.
        let allowed = await run("!session @gemini review it", agent: "coder")
        #expect(allowed.turn?.agent == "coder")
        #expect(allowed.text.contains("coder on gemini"))
    }

    @Test func modelCommandRefusesANameThatCouldBeAFlag() async throws {
        let reply = await run("!model --yolo")
        #expect(reply.text.contains("is not a model name"), "\(reply.text)")
        #expect(await runtime.status(agent: "main", chat: "matrix:!room")?.model == nil)
        #expect((await run("!model claude-sonnet-4.5")).text.contains("now uses claude-sonnet-4.5"))
    }

    @Test func badSessionArgumentsGetUsage() async {
        #expect((await run("!session")).text.contains("**Usage:** `!session [@AGENT|@PROVIDER] PROMPT`"))
        #expect((await run("!session @nobody hi")).text.contains("No agent or provider named `nobody`"))
        #expect((await run("!session @coder")).text.contains("Say what the session is about"))
    }

    @Test func sessionsListsAndEnds() async throws {
        #expect((await run("!sessions")).text.contains("No named sessions here"))
        _ = await run("!session fix bug")
        _ = await run("!session fix bug")
        let list = await run("!sessions")
        #expect(list.text.contains("**fix-bug** with main"))
        #expect(list.menu?.options.map(\.value) == ["end fix-bug", "end fix-bug-2"])
        #expect(list.menu?.purpose == .command("sessions"))
        // A menu pick arrives as one argument.
        let picked = await table.execute(ChatCommand(name: "sessions", arguments: ["end fix-bug"], rest: "end fix-bug"),
                                         context: CommandContext(sender: "@alice:x", level: .user, chat: "matrix:!room", agent: "main"))
        #expect(picked.text == "Ended session **fix-bug**.")
        #expect((await run("!sessions end nope")).text == "No session named **nope** here.")
        #expect((await run("!sessions end all")).text == "Ended 1 session.")
        #expect((await run("!sessions frobnicate")).text.contains("**Usage:**"))
    }

    @Test func aChatKeepsAtMostTwentySessionsAndEndedOnesLeaveNothingBehind() async throws {
        for i in 1...NamedSession.maxPerChat {
            _ = await run("!session topic\(i)")
        }
        // What the runtime kept for the first session's chat (as a turn there would have stored it).
        try await database.write { db in
            try db.execute(sql: "INSERT INTO agent_sessions (agent, chat, provider, session_id, updated_at) VALUES ('main', 'matrix:!room#topic1', 'claude', 's1', 0)")
        }
        let reply = await run("!session one more")
        #expect(reply.text.contains("**topic1** ended"))
        let names = try await store.sessions(in: "matrix:!room").map(\.name)
        #expect(names.count == NamedSession.maxPerChat)
        #expect(!names.contains("topic1") && names.contains("one-more"))
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM agent_sessions WHERE chat = 'matrix:!room#topic1'") } == 0)
        // Ending one by hand forgets its runtime chat too.
        try await database.write { db in
            try db.execute(sql: "INSERT INTO agent_sessions (agent, chat, provider, session_id, updated_at) VALUES ('main', 'matrix:!room#topic2', 'claude', 's2', 0)")
        }
        _ = await run("!sessions end topic2")
        #expect(try await database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM agent_sessions WHERE chat = 'matrix:!room#topic2'") } == 0)
    }
}
