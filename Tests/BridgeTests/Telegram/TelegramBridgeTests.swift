import Agents
import Foundation
import GRDB
import Logging
import Testing
@testable import Bridge

/// The bridge's polling loop against the scripted Bot API: updates are handled once, in order, and the
/// offset is stored.
@Suite struct TelegramBridgeTests {
    private func update(_ id: Int64, chat: Int64, user: Int64, text: String) -> String {
        #"{"update_id":\#(id),"message":{"message_id":\#(id),"from":{"id":\#(user),"is_bot":false,"first_name":"U"},"chat":{"id":\#(chat),"type":"private"},"date":1,"text":"\#(text)"}}"#
    }

    @Test func eachUpdateIsHandledOnceAndTheOffsetStored() async throws {
        let script = Script()
        await script.add("getMe", .ok, #"{"ok":true,"result":{"id":7,"is_bot":true,"first_name":"T","username":"t_bot"}}"#)
        // Telegram may repeat updates it was not told about; the second batch repeats 41 and adds 42.
        await script.add("getUpdates", .ok, #"{"ok":true,"result":[\#(update(41, chat: 5, user: 5, text: "/ping"))]}"#)
        await script.add("getUpdates", .ok, #"{"ok":true,"result":[\#(update(41, chat: 5, user: 5, text: "/ping")),\#(update(42, chat: 9, user: 9, text: "/ping"))]}"#)
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        AgentsSchema.registerMigrations(&migrator)
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        let runtime = try AgentRuntime(configuration: AgentsConfiguration(), database: database,
                                       dataDirectory: FileManager.default.temporaryDirectory)
        let store = SQLiteTelegramStore(database)
        var settings = TelegramSettings()
        settings.allowedUsers = [5]
        try await withFakeAPI(script) { [settings] api in
            let bridge = TelegramBridge(api: api, settings: settings, runtime: runtime, store: store, streaming: .fixed(StreamingSettings()),
                                        logger: Logger(label: "test"))
            let running = Task { try await bridge.run() }
            defer { running.cancel() }
            // The offset is stored right after each update is handled, so it trails the answer a little.
            for _ in 0..<500 where try await store.lastUpdateID(bot: "7") != 42 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await store.lastUpdateID(bot: "7") == 42)
        }
        let sent = await script.bodies("sendMessage")
        #expect(sent.count == 2, "\(sent)")
        #expect(sent.first?.contains("pong") == true)
        // User 9 is not allowed: told so, with the id to allow.
        #expect(sent.last?.contains("telegram.allowed_users") == true && sent.last?.contains("9") == true)
        let polls = await script.bodies("getUpdates")
        #expect(polls.dropFirst().first?.contains(#""offset":42"#) == true, "the second poll confirms 41")
        #expect(await script.methods().prefix(2) == ["getMe", "setMyCommands"])
    }

    @Test func eachBotOwnsOnlyItsChats() async throws {
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        AgentsSchema.registerMigrations(&migrator)
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        let runtime = try AgentRuntime(configuration: AgentsConfiguration(), database: database,
                                       dataDirectory: FileManager.default.temporaryDirectory)
        let api = TelegramBotAPI(apiURL: "http://127.0.0.1:1", token: "T", tokenEnv: "T", logger: Logger(label: "test"))
        let main = TelegramBridge(api: api, settings: TelegramSettings(), runtime: runtime, store: SQLiteTelegramStore(database),
                                  streaming: .fixed(StreamingSettings()), logger: Logger(label: "test"))
        let coder = TelegramBridge(api: api, settings: TelegramSettings(), runtime: runtime, store: SQLiteTelegramStore(database),
                                   streaming: .fixed(StreamingSettings()), fixedAgent: "coder", logger: Logger(label: "test"))
        func owns(_ bridge: TelegramBridge, _ stored: String) -> Bool { ChatAddress(stored: stored).map(bridge.transport.owns) ?? false }
        #expect(owns(main, "telegram:5") && owns(main, "telegram:-100/7") && !owns(main, "telegram:coder@5"))
        #expect(owns(coder, "telegram:coder@5") && !owns(coder, "telegram:5"))
        #expect(!owns(main, "matrix:!room:x") && !owns(main, "delegate:main:telegram:5"))
        let routers = [main.router, coder.router]
        #expect(routers.owner(of: try #require(ChatAddress(stored: "telegram:coder@5")))
            .map { ($0.transport as? TelegramTransport)?.fixedAgent } == "coder")
        #expect(routers.owner(of: try #require(ChatAddress(stored: "delegate:main:telegram:5"))) == nil)
    }
}
