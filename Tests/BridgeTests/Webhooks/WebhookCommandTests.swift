import Foundation
import GRDB
import Logging
import MatrixAppService
import Testing
@testable import Bridge

/// `!webhook` through the in-memory transport: who may make, list, rotate and delete hooks, and what they are told.
struct WebhookCommandTests {
    static let room = ChatAddress.matrix(RoomID("!hooks:test"))
    static let other = ChatAddress.matrix(RoomID("!other:test"))
    static let admin = IncomingMessage.Sender(id: "@admin:test", level: .admin, displayName: "@admin:test")

    let routing: MemoryRouting

    init(enabled: Bool = true) throws {
        routing = try MemoryRouting(rooms: [Self.room: .init(agents: ["main"], owner: "main"), Self.other: .init(agents: ["coder"], owner: "coder")],
                                    automation: { database in
            let jobs = SQLiteJobStore(database)
            var settings = AutomationSettings()
            settings.webhooks.enabled = enabled
            settings.webhooks.publicURL = "https://hooks.example.org"
            return AutomationServices(jobs: jobs, scheduler: JobScheduler(store: jobs, logger: Logger(label: "test")) { _ in },
                                      settings: .fixed(settings), webhooks: SQLiteWebhookStore(database))
        })
    }

    var store: any WebhookStore { SQLiteWebhookStore(routing.database) }

    private func reply(_ text: String, in room: ChatAddress = room, from sender: IncomingMessage.Sender = admin) async throws -> MemoryChat.Message {
        let asked = await routing.say(text, in: room, from: sender)
        return try #require(try await routing.message(in: room) { $0.replyTo == asked })
    }

    @Test func anAdminMakesAHookAndGetsItsURLAndSecret() async throws {
        let answer = try await reply("!webhook add gh -- Build says {{header.X-GitHub-Event}}: {{payload}}")
        let hook = try #require(try await store.hook("gh"))
        #expect(hook.agent == "main" && hook.chat == Self.room && hook.template == "Build says {{header.X-GitHub-Event}}: {{payload}}")
        #expect(hook.createdBy == "@admin:test")
        #expect(answer.text.contains("`https://hooks.example.org/hooks/gh`") && answer.text.contains("`\(hook.secret)`"))
        #expect(!answer.text.contains("listener is off"))
        #expect(answer.text.contains("!webhook rotate gh"))
    }

    @Test func aHookWithoutTemplateUsesTheDefaultAndMayNameAnotherAgent() async throws {
        _ = try await reply("!webhook add ci @coder")
        let hook = try #require(try await store.hook("ci"))
        #expect(hook.agent == "coder" && hook.template == nil && hook.chat == Self.room)
        let unknown = try await reply("!webhook add cd @nobody")
        #expect(unknown.text.contains("no agent named nobody"))
        #expect(try await store.hook("cd") == nil)
    }

    @Test func badOrTakenNamesGetClearAnswers() async throws {
        let bad = try await reply("!webhook add My.Hook -- x")
        #expect(bad.text.contains("lowercase letters, digits") && bad.text.contains("`myhook`"))
        let none = try await reply("!webhook add -- x")
        #expect(none.text.contains("Name the hook"))
        _ = try await reply("!webhook add gh")
        let secret = try await store.hook("gh")?.secret
        let taken = try await reply("!webhook add gh @coder")
        #expect(taken.text.contains("already"))
        let kept = try await store.hook("gh")
        #expect(kept?.secret == secret && kept?.agent == "main")
    }

    @Test func usersMayListButNotChangeHooks() async throws {
        let refused = try await reply("!webhook add gh", from: MemoryRouting.alice)
        #expect(refused.text.contains("Only admins"))
        #expect(try await store.hook("gh") == nil)
        _ = try await reply("!webhook add gh")
        let secret = try #require(try await store.hook("gh")?.secret)
        for text in ["!webhook rotate gh", "!webhook delete gh"] {
            #expect(try await reply(text, from: MemoryRouting.alice).text.contains("Only admins"))
        }
        let listed = try await reply("!webhook list", from: MemoryRouting.alice)
        #expect(listed.text.contains("`gh` → main: `https://hooks.example.org/hooks/gh`") && !listed.text.contains(secret))
        #expect(listed.buttons.isEmpty)
        // Admins get delete buttons.
        let adminList = try await reply("!webhook list")
        #expect(adminList.buttons.contains { $0.contains("Delete gh") })
        // Other chats list their own.
        #expect(try await reply("!webhook list", in: Self.other).text.contains("No webhooks in this chat"))
    }

    @Test func rotateMakesANewSecretAndDeleteRemovesTheHook() async throws {
        _ = try await reply("!webhook add gh")
        let old = try #require(try await store.hook("gh")?.secret)
        let rotated = try await reply("!webhook rotate gh")
        let new = try #require(try await store.hook("gh")?.secret)
        #expect(new != old && rotated.text.contains("`\(new)`"))
        #expect(try await reply("!webhook delete gh").text.contains("Deleted webhook `gh`"))
        #expect(try await store.hook("gh") == nil)
        #expect(try await reply("!webhook delete gh").text.contains("no webhook `gh`"))
    }

    @Test func withTheListenerOffAHookIsStillMadeAndTheAnswerSaysHowToTurnItOn() async throws {
        let off = try WebhookCommandTests(enabled: false)
        let answer = try await off.reply("!webhook add gh")
        #expect(answer.text.contains("listener is off") && answer.text.contains("automation.webhooks.enabled: true"))
        #expect(try await off.store.hook("gh") != nil)
    }
}
