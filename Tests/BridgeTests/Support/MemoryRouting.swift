import Agents
import Foundation
import GRDB
import Logging
@testable import Bridge

/// A router over the in-memory transport, with an agent runtime whose agents are the fake Claude CLI
/// (Tests/Fixtures/fake-cli): it answers "echo: <prompt>", and a prompt naming `scenario:buttons` gets buttons.
struct MemoryRouting {
    let chat: MemoryChat
    let runtime: AgentRuntime
    let router: MessageRouter
    let database: DatabaseQueue
    let directory: URL
    /// Each chat's language, kept in `database` like Troupe's.
    let languages: ChatLanguages

    static let fakeCLIDirectory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/fake-cli").path

    init(rooms: [ChatAddress: MemoryTransport.Room], agents: [String] = ["main", "coder"], streaming: StreamingSettings = StreamingSettings(),
         extraCommands: [CommandSpec] = [], automation: (@Sendable (DatabaseQueue) -> AutomationServices)? = nil,
         commandPrefix: String = "!", groupCommandsNeedAddress: Bool = true, language: Language = .default,
         database: DatabaseQueue? = nil) throws {
        let database = try database ?? DatabaseQueue()
        var migrator = DatabaseMigrator()
        AgentsSchema.registerMigrations(&migrator)
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-router-\(UUID().uuidString)")
        let fake = ProviderSettings(command: Self.fakeCLIDirectory + "/claude", env: ["FAKE_DELAY": "0.01"])
        let configuration = AgentsConfiguration(agents: Dictionary(uniqueKeysWithValues: agents.map { ($0, AgentDefinition(provider: "claude")) }),
                                                providers: ["claude": fake])
        let runtime = try AgentRuntime(configuration: configuration, database: database, dataDirectory: directory)
        let chat = MemoryChat()
        let sessions = SQLiteNamedSessionStore(database)
        let questions = PendingQuestions()
        let builtin = BuiltinCommands.table(host: MemoryCommandHost(runtime: runtime), sessions: sessions, runs: nil, questions: questions,
                                            automation: automation?(database))
        let commands = CommandTable(builtin.specs + extraCommands, sections: builtin.sections)
        let transport = MemoryTransport(store: chat, rooms: rooms, commands: commands, commandPrefix: commandPrefix,
                                        groupCommandsNeedAddress: groupCommandsNeedAddress)
        self.chat = chat
        self.runtime = runtime
        self.database = database
        languages = ChatLanguages(default: language, store: SQLiteLanguageStore(database))
        router = MessageRouter(transport: transport, runtime: runtime, sessions: sessions, questions: questions, streaming: .fixed(streaming),
                               languages: languages, logger: Logger(label: "test"))
    }

    static let alice = IncomingMessage.Sender(id: "@alice:test", level: .user, displayName: "@alice:test")

    private static let counter = Counter()

    /// A message from `sender` in `room`, handled by the router.
    @discardableResult
    func say(_ text: String, in room: ChatAddress, from sender: IncomingMessage.Sender = alice, mentions: Set<String> = [],
             replyTo: MessageID? = nil, quote: QuotedMessage? = nil, attachment: IncomingMessage.PendingAttachment? = nil) async -> MessageID {
        let id = MessageID("in\(await Self.counter.next())")
        var message = IncomingMessage(id: id, chat: room, sender: sender, text: text, mentions: mentions, replyTo: replyTo,
                                      attachment: attachment, expectsAnswer: true)
        message.quote = quote
        await router.handle(message)
        return id
    }

    /// A reaction (or button press, with `press`) on a message.
    func pick(_ key: String, on message: MessageID, in room: ChatAddress, from sender: IncomingMessage.Sender = alice,
              press: String? = nil) async {
        let id = MessageID("in\(await Self.counter.next())")
        await router.handle(IncomingMessage(id: id, chat: room, sender: sender, text: key,
                                            pick: .init(menu: .message(message), key: key, press: press)))
    }

    /// Waits (bounded) until the chat holds a message satisfying `condition`.
    func message(in room: ChatAddress, where condition: @Sendable (MemoryChat.Message) -> Bool) async throws -> MemoryChat.Message? {
        for _ in 0..<500 {
            if let found = await chat.messages(in: room).first(where: condition) { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

private actor Counter {
    private var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}

/// Commands' transport side for the in-memory transport: nothing to create or leave.
struct MemoryCommandHost: CommandHost {
    let runtime: AgentRuntime
    func agentAdded(_ name: String, requester: String, text: Localizer) async throws -> String { "Added \(name)." }
    func agentRemoved(_ name: String, purge: Bool, text: Localizer) async throws -> String { "Removed \(name)." }
    func whereabouts(text: Localizer) async -> [String: [String]] { [:] }
    func leave(agent: String, chat: String, text: Localizer) async throws -> String { text.goodbye }
}
