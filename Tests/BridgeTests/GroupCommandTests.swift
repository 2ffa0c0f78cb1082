import Agents
import Foundation
import MatrixAppService
import Testing
@testable import Bridge

/// Commands in group rooms count only when addressed to an agent; in an agent's own room and in direct chats
/// every command counts. On Matrix only the configured prefix starts a command.
@Suite struct GroupCommandTests {
    static let own = ChatAddress.matrix(RoomID("!coder:test"))
    static let group = ChatAddress.matrix(RoomID("!group:test"))
    static let dm = ChatAddress.matrix(RoomID("!dm:test"))

    private func routing(prefix: String = "!") throws -> MemoryRouting {
        try MemoryRouting(rooms: [
            Self.own: .init(agents: ["coder"], owner: "coder"),
            Self.group: .init(agents: ["main", "coder"]),
            Self.dm: .init(agents: ["main"], direct: true),
        ], commandPrefix: prefix)
    }

    /// The router's answer to `id`, or nil when none came within a while.
    private func answer(to id: MessageID, in chat: ChatAddress, _ routing: MemoryRouting) async throws -> MemoryChat.Message? {
        try await routing.message(in: chat) { $0.replyTo == id }
    }

    /// Nothing in the chat replies to `id`, even after a turn would have had time to answer.
    private func silence(after id: MessageID, in chat: ChatAddress, _ routing: MemoryRouting) async throws -> Bool {
        try await Task.sleep(for: .milliseconds(400))
        return await routing.chat.messages(in: chat).allSatisfy { $0.replyTo != id }
    }

    @Test func anUnaddressedCommandInAGroupIsAnotherBotsAndIgnored() async throws {
        let routing = try routing()
        let ping = await routing.say("!ping", in: Self.group)
        let status = await routing.say("!status", in: Self.group, from: RouterTests.bob)
        #expect(try await silence(after: ping, in: Self.group, routing))
        #expect(try await silence(after: status, in: Self.group, routing))
        #expect(await routing.chat.messages(in: Self.group).isEmpty)
    }

    @Test func aCommandNamingAnAgentAfterThePrefixRunsAsThatAgent() async throws {
        let routing = try routing()
        let toCoder = await routing.say("!coder ping", in: Self.group)
        let toMain = await routing.say("!main ping", in: Self.group)
        let coder = try #require(try await answer(to: toCoder, in: Self.group, routing))
        let main = try #require(try await answer(to: toMain, in: Self.group, routing))
        #expect(coder.text == "pong" && coder.notice && coder.speaker == "coder")
        #expect(main.text == "pong" && main.speaker == "main")
        // The command acts on the named agent: its status, not the main agent's.
        let status = await routing.say("!coder status", in: Self.group)
        #expect(try await answer(to: status, in: Self.group, routing)?.text.contains("coder") == true)
    }

    @Test func aMentionAReplyOrAnAtNameAddressesACommand() async throws {
        let routing = try routing()
        let mentioned = await routing.say("Coder: !ping", in: Self.group, mentions: ["coder"])
        let pong = try #require(try await answer(to: mentioned, in: Self.group, routing))
        #expect(pong.text == "pong" && pong.speaker == "coder")
        let replied = await routing.say("!ping", in: Self.group, replyTo: pong.id)
        #expect(try await answer(to: replied, in: Self.group, routing)?.speaker == "coder")
        let named = await routing.say("@main !ping", in: Self.group)
        let byName = try #require(try await answer(to: named, in: Self.group, routing))
        #expect(byName.text == "pong" && byName.speaker == "main")
    }

    @Test func inAnOwnRoomOrADirectChatEveryCommandCounts() async throws {
        let routing = try routing()
        let own = await routing.say("!ping", in: Self.own)
        let dm = await routing.say("!ping", in: Self.dm)
        #expect(try await answer(to: own, in: Self.own, routing)?.speaker == "coder")
        #expect(try await answer(to: dm, in: Self.dm, routing)?.text == "pong")
        // The named form works there too.
        let named = await routing.say("!main ping", in: Self.dm)
        #expect(try await answer(to: named, in: Self.dm, routing)?.text == "pong")
    }

    @Test func aSlashIsNoCommandOnMatrix() async throws {
        let routing = try routing()
        // In a direct chat it is an ordinary message for the agent; in a group, unaddressed, nobody's. (The fake CLI
        // drops slashes from its echo.)
        let dm = await routing.say("/ping", in: Self.dm)
        let echo = try #require(try await routing.message(in: Self.dm) { $0.replyTo == dm && $0.text.hasPrefix("echo:") })
        #expect(echo.text == "echo: ping" && !echo.notice)
        let group = await routing.say("/ping", in: Self.group)
        #expect(try await silence(after: group, in: Self.group, routing))
        let mentioned = await routing.say("/ping", in: Self.group, mentions: ["coder"])
        let reply = try #require(try await routing.message(in: Self.group) { $0.replyTo == mentioned && $0.text.hasPrefix("echo:") })
        #expect(reply.text == "echo: ping" && !reply.notice)
    }

    @Test func aConfiguredPrefixIsTheOnlyOneAndHelpShowsIt() async throws {
        let routing = try routing(prefix: ".")
        let ping = await routing.say(".ping", in: Self.dm)
        #expect(try await answer(to: ping, in: Self.dm, routing)?.text == "pong")
        let bang = await routing.say("!ping", in: Self.dm)
        #expect(try await routing.message(in: Self.dm) { $0.replyTo == bang && $0.text.hasPrefix("echo:") }?.text == "echo: !ping")
        let named = await routing.say(".coder ping", in: Self.group)
        #expect(try await answer(to: named, in: Self.group, routing)?.speaker == "coder")
        let unaddressed = await routing.say(".ping", in: Self.group)
        #expect(try await silence(after: unaddressed, in: Self.group, routing))
        let help = await routing.say(".help", in: Self.dm)
        let text = try #require(try await answer(to: help, in: Self.dm, routing)?.text)
        #expect(text.contains("`.ping`") && !text.contains("`!ping`"))
        let unknown = await routing.say(".frobnicate", in: Self.dm)
        #expect(try await answer(to: unknown, in: Self.dm, routing)?.text == "Unknown command `.frobnicate`, try `.help`.")
    }

    @Test func whereGroupsAddressCommandsThemselvesUnnamedCommandsCount() async throws {
        // Telegram: `/cmd@otherbot` never reaches the router, and a chat's own agent takes the rest.
        let chat = ChatAddress.telegram(TelegramChatRef(chatID: 7))
        let routing = try MemoryRouting(rooms: [chat: .init(agents: ["main", "coder"], defaultAgent: "main")],
                                        commandPrefix: "/", groupCommandsNeedAddress: false)
        let ping = await routing.say("/ping", in: chat)
        let pong = try #require(try await answer(to: ping, in: chat, routing))
        #expect(pong.text == "pong" && pong.speaker == "main")
        let named = await routing.say("/coder ping", in: chat)
        #expect(try await answer(to: named, in: chat, routing)?.speaker == "coder")
    }
}
