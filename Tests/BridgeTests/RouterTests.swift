import Agents
import Foundation
import MatrixAppService
import Testing
@testable import Bridge

/// The router and the streamer on the in-memory surface: who a message is for, commands, menus, sessions and
/// refusals, the same for every transport, without a homeserver or a bot.
@Suite struct RouterTests {
    static let own = ChatAddress.matrix(RoomID("!coder:test"))
    static let group = ChatAddress.matrix(RoomID("!group:test"))
    static let dm = ChatAddress.matrix(RoomID("!dm:test"))
    static let switched = ChatAddress.telegram(TelegramChatRef(chatID: 5))
    static let bob = IncomingMessage.Sender(id: "@bob:test", level: .user, displayName: "@bob:test")
    static let stranger = IncomingMessage.Sender(id: "telegram:9", level: .none, displayName: "@stranger",
                                                 admissionHint: "Your Telegram user id is `9`.")

    private func routing(extra: [CommandSpec] = []) throws -> MemoryRouting {
        try MemoryRouting(rooms: [
            Self.own: .init(agents: ["coder"], owner: "coder"),
            Self.group: .init(agents: ["main", "coder"]),
            Self.dm: .init(agents: ["coder"], direct: true),
            Self.switched: .init(agents: ["main", "coder"], defaultAgent: "main"),
        ], extraCommands: extra)
    }

    private func answer(to id: MessageID, in chat: ChatAddress, _ routing: MemoryRouting) async throws -> MemoryChat.Message {
        try #require(try await routing.message(in: chat) { $0.replyTo == id && $0.text.hasPrefix("echo:") })
    }

    @Test func anAgentsOwnRoomAndADirectChatReachThatAgent() async throws {
        let routing = try routing()
        let inOwn = await routing.say("hello", in: Self.own)
        let inDM = await routing.say("hi there", in: Self.dm)
        #expect(try await answer(to: inOwn, in: Self.own, routing).speaker == "coder")
        #expect(try await answer(to: inDM, in: Self.dm, routing).text == "echo: hi there")
    }

    @Test func inAGroupOnlyTheAgentsMentionedOrRepliedToAnswer() async throws {
        let routing = try routing()
        let ignored = await routing.say("just chatting", in: Self.group)
        let mentioned = await routing.say("Coder: fix it", in: Self.group, mentions: ["coder"])
        let answer = try await answer(to: mentioned, in: Self.group, routing)
        // The name that addressed the agent is not part of its prompt.
        #expect(answer.speaker == "coder" && answer.text == "echo: fix it")
        let replied = await routing.say("and the tests?", in: Self.group, replyTo: answer.id)
        #expect(try await self.answer(to: replied, in: Self.group, routing).speaker == "coder")
        #expect(await routing.chat.messages(in: Self.group).allSatisfy { $0.replyTo != ignored })
    }

    @Test func atNameAddressesOneAgentForOneMessageAndOtherwiseTheChatsAgentAnswers() async throws {
        let routing = try routing()
        let named = await routing.say("@coder only once", in: Self.switched)
        let plain = await routing.say("who answers", in: Self.switched)
        #expect(try await answer(to: named, in: Self.switched, routing).speaker == "coder")
        #expect(try await answer(to: named, in: Self.switched, routing).text == "echo: only once")
        #expect(try await answer(to: plain, in: Self.switched, routing).speaker == "main")
    }

    @Test func aBareAtNameGetsAHintNotSilence() async throws {
        let routing = try routing()
        let bare = await routing.say("@coder", in: Self.switched)
        let hint = try #require(try await routing.message(in: Self.switched) { $0.replyTo == bare })
        #expect(hint.notice && hint.text.contains("Say something after `@coder`"))
    }

    @Test func commandsAnswerAsNoticesFromTheAddressedAgentOrTheBot() async throws {
        let routing = try routing()
        let inGroup = await routing.say("!main ping", in: Self.group)
        let toCoder = await routing.say("Coder: !ping", in: Self.group, mentions: ["coder"])
        let pong = try #require(try await routing.message(in: Self.group) { $0.replyTo == inGroup })
        #expect(pong.text == "pong" && pong.notice && pong.speaker == "main")
        #expect(try await routing.message(in: Self.group) { $0.replyTo == toCoder }?.speaker == "coder")
    }

    @Test func someoneWithoutPermissionIsToldWhatToDo() async throws {
        // Telegram's way: `/` commands, and a chat's own agent takes unnamed ones.
        let routing = try MemoryRouting(rooms: [Self.switched: .init(agents: ["main", "coder"], defaultAgent: "main")],
                                        commandPrefix: "/", groupCommandsNeedAddress: false)
        let refused = await routing.say("hello", in: Self.switched, from: Self.stranger)
        let refusal = try #require(try await routing.message(in: Self.switched) { $0.replyTo == refused })
        #expect(refusal.text.contains("is not allowed to use Troupe") && refusal.text.contains("user id is `9`"))
        let command = await routing.say("/ping", in: Self.switched, from: Self.stranger)
        #expect(try await routing.message(in: Self.switched) { $0.replyTo == command }?.text.contains("not allowed") == true)
    }

    @Test func aChatTheTransportRefusesGetsTheRefusalAndNoTurn() async throws {
        let routing = try routing()
        let id = MessageID("plain-1")
        await routing.router.handle(IncomingMessage(id: id, chat: Self.own, sender: MemoryRouting.alice, text: "hello",
                                                    refusal: "Encrypted rooms only."))
        let refusal = try #require(try await routing.message(in: Self.own) { $0.replyTo == id })
        #expect(refusal.text == "Encrypted rooms only." && refusal.notice)
        try await Task.sleep(for: .milliseconds(300))
        #expect(await routing.chat.messages(in: Self.own).count == 1)
    }

    @Test func buttonsBecomeAMenuOnlyTheAskerMayPickFromAndThePickReachesTheAgent() async throws {
        let routing = try routing()
        let asked = await routing.say("scenario:buttons", in: Self.own)
        let menu = try #require(try await routing.message(in: Self.own) { $0.replyTo == asked && !$0.buttons.isEmpty })
        #expect(menu.buttons == ["Yes", "No"] && menu.text.contains("Shall I go ahead?") && !menu.text.contains("[button:"))

        await routing.pick("1️⃣", on: menu.id, in: Self.own, from: Self.bob)
        let notYours = try #require(try await routing.message(in: Self.own) { $0.text.contains("Only the person") })
        #expect(notYours.notice)

        // A keycap without U+FE0F, as some clients send it, picks too.
        await routing.pick("2\u{20E3}", on: menu.id, in: Self.own)
        let picked = try #require(try await routing.message(in: Self.own) { $0.text == "echo: No" })
        // The answer replies to the menu, not to the reaction; the menu shows what was chosen.
        #expect(picked.replyTo == menu.id)
        #expect(await routing.chat.message(menu.id)?.text.contains("✅ No") == true)

        await routing.pick("1️⃣", on: menu.id, in: Self.own)
        #expect(try await routing.message(in: Self.own) { $0.text == "That choice was already made." } != nil)
    }

    @Test func aTypedNumberPicksInADirectChatOrInReplyToTheMenuNeverByGuessInAGroup() async throws {
        let routing = try routing()
        let asked = await routing.say("scenario:buttons", in: Self.dm)
        let menu = try #require(try await routing.message(in: Self.dm) { $0.replyTo == asked && !$0.buttons.isEmpty })
        await routing.say("1", in: Self.dm)
        let picked = try await routing.message(in: Self.dm) { $0.text == "echo: Yes" }
        #expect(picked?.replyTo == menu.id)

        // In a group room a bare number is a message, not a pick; in reply to the menu it picks.
        let groupAsk = await routing.say("scenario:buttons", in: Self.group, mentions: ["coder"])
        let groupMenu = try #require(try await routing.message(in: Self.group) { $0.replyTo == groupAsk && !$0.buttons.isEmpty })
        let bare = await routing.say("2", in: Self.group, mentions: ["coder"])
        #expect(try await routing.message(in: Self.group) { $0.replyTo == bare && $0.text == "echo: 2" } != nil)
        // Someone else's number in reply is theirs to send: the menu is the asker's.
        let bobs = await routing.say("2", in: Self.group, from: Self.bob, replyTo: groupMenu.id)
        #expect(try await routing.message(in: Self.group) { $0.replyTo == bobs && $0.text == "echo: 2" } != nil)
        await routing.say("2", in: Self.group, replyTo: groupMenu.id)
        #expect(try await routing.message(in: Self.group) { $0.text == "echo: No" }?.replyTo == groupMenu.id)
    }

    @Test func seededDigitsComeInOrderAndGoOnceAChoiceIsMade() async throws {
        let routing = try routing()
        let asked = await routing.say("scenario:buttons", in: Self.own)
        let menu = try #require(try await routing.message(in: Self.own) { $0.replyTo == asked && !$0.buttons.isEmpty })
        for _ in 0..<200 where await routing.chat.seededKeys(on: menu.id).isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await routing.chat.seededKeys(on: menu.id) == ["1\u{FE0F}\u{20E3}", "2\u{FE0F}\u{20E3}"])
        await routing.pick("1️⃣", on: menu.id, in: Self.own)
        #expect(try await routing.message(in: Self.own) { $0.text == "echo: Yes" } != nil)
        #expect(await routing.chat.seededKeys(on: menu.id).isEmpty)
    }

    @Test func seedsOfAMenuThatExpiredUntouchedAreSweptAway() async throws {
        let routing = try routing()
        let asked = await routing.say("scenario:buttons", in: Self.own)
        let menu = try #require(try await routing.message(in: Self.own) { $0.replyTo == asked && !$0.buttons.isEmpty })
        for _ in 0..<200 where await routing.chat.seededKeys(on: menu.id).isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        await routing.router.sweepStaleMenus()
        #expect(await routing.chat.seededKeys(on: menu.id).count == 2, "an open menu keeps its digits")
        await routing.router.sweepStaleMenus(now: Date().addingTimeInterval(StreamingSettings().menuLifetime + 1))
        #expect(await routing.chat.seededKeys(on: menu.id).isEmpty)
    }

    @Test func withSeenEveryMessageHandedToAnAgentIsMarkedAtOnce() async throws {
        let routing = try MemoryRouting(rooms: [Self.dm: .init(agents: ["coder"], direct: true), Self.group: .init(agents: ["main", "coder"])],
                                        streaming: StreamingSettings(seen: true))
        let asked = await routing.say("hi", in: Self.dm)
        _ = try await answer(to: asked, in: Self.dm, routing)
        let ignored = await routing.say("people talking", in: Self.group)
        try await Task.sleep(for: .milliseconds(100))
        let events = await routing.chat.events
        #expect(events.contains(.seen(asked)) && !events.contains(.seen(ignored)))
        // Seen comes before the answer.
        let seenAt = try #require(events.firstIndex(of: .seen(asked)))
        #expect(events[..<seenAt].allSatisfy { if case .sent = $0 { false } else { true } })
    }

    @Test func aReplyBringsTheQuotedMessageAsContext() async throws {
        let routing = try routing()
        let asked = await routing.say("what about this?", in: Self.dm, replyTo: MessageID("$older"),
                                      quote: QuotedMessage(sender: "Bob", text: "the build is red\nsince noon"))
        let answer = try await answer(to: asked, in: Self.dm, routing)
        // The fake CLI echoes the prompt without its line breaks.
        #expect(answer.text == "echo: In reply to Bob:> the build is red> since noonwhat about this?")
        #expect(QuotedMessage(sender: "Bob", text: "a\nb").prompt("q") == "In reply to Bob:\n> a\n> b\n\nq")
        let long = QuotedMessage(sender: "Bob", text: String(repeating: "x", count: 3000)).prompt("q")
        #expect(long.count < 1600 && long.contains("…"))
    }

    @Test func aLongMenuIsPagedAndAPickRunsTheCommand() async throws {
        let options = (1...12).map { OptionMenu.Option("option \($0)", value: "v\($0)") }
        let pick = CommandSpec("choose", section: "Other", summary: "a long menu") { context in
            guard let value = context.arguments.first else {
                return CommandReply("Choose one.", menu: OptionMenu(title: "", options: options, purpose: .command("choose"), owner: context.sender))
            }
            return CommandReply("You chose \(value).")
        }
        let routing = try routing(extra: [pick])
        let asked = await routing.say("!choose", in: Self.own)
        let menu = try #require(try await routing.message(in: Self.own) { $0.replyTo == asked && !$0.buttons.isEmpty })
        #expect(menu.buttons.count == 10 && menu.text.contains("Page 1 of 2"))
        await routing.pick(OptionMenu.nextPage, on: menu.id, in: Self.own)
        for _ in 0..<200 where await routing.chat.message(menu.id)?.buttons != ["option 11", "option 12"] {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(await routing.chat.message(menu.id)?.buttons == ["option 11", "option 12"])
        // The reactions follow the page: the old digits and arrow go, this page's come.
        for _ in 0..<200 where await routing.chat.seededKeys(on: menu.id).count != 3 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await routing.chat.seededKeys(on: menu.id) == ["1\u{FE0F}\u{20E3}", "2\u{FE0F}\u{20E3}", OptionMenu.previousPage])
        await routing.pick("2️⃣", on: menu.id, in: Self.own)
        let chosen = try #require(try await routing.message(in: Self.own) { $0.text == "You chose v12." })
        #expect(chosen.replyTo == menu.id && chosen.notice)
    }

    @Test func aTapOnAMenuThisProcessDoesNotKnowIsExplained() async throws {
        let routing = try routing()
        let asked = await routing.say("plain answer", in: Self.own)
        let answer = try await answer(to: asked, in: Self.own, routing)
        // A 👍 on an answer is no pick and stays unanswered; a digit is a tap on a menu from before a restart.
        await routing.pick("👍", on: answer.id, in: Self.own)
        await routing.pick("1️⃣", on: answer.id, in: Self.own)
        let explained = try #require(try await routing.message(in: Self.own) { $0.text.contains("no longer open") })
        #expect(explained.notice)
        #expect(await routing.chat.messages(in: Self.own).count == 2)
    }

    @Test func aButtonPressIsAnsweredWithAToast() async throws {
        let routing = try routing()
        let id = MessageID("press-1")
        await routing.router.handle(IncomingMessage(id: id, chat: Self.switched, sender: MemoryRouting.alice, text: "1",
                                                    pick: .init(menu: .token("gone"), key: "1", press: "cb-1")))
        #expect(await routing.chat.events.contains(.pressAnswered("cb-1", text: Localizer().menuNotOpen, alert: true)))
        await routing.router.handle(IncomingMessage(id: MessageID("press-2"), chat: Self.switched, sender: Self.stranger, text: "1",
                                                    pick: .init(menu: .token("gone"), key: "1", press: "cb-2")))
        #expect(await routing.chat.events.contains { if case .pressAnswered("cb-2", let text, true) = $0 { text.contains("not allowed") } else { false } })
    }

    @Test func aSideSessionIsAddressedByItsNameAndLabelled() async throws {
        let routing = try routing()
        let started = await routing.say("!session refactor the login form", in: Self.own)
        let notice = try #require(try await routing.message(in: Self.own) { $0.replyTo == started && $0.notice })
        #expect(notice.text.contains("refactor-login"), "\(notice.text)")
        let more = await routing.say("@refactor-login and the tests", in: Self.own)
        // The label goes in front of the answer; the memory surface writes it as "[name] ".
        let answer = try #require(try await routing.message(in: Self.own) { $0.replyTo == more && $0.text.contains("echo:") })
        #expect(answer.text == "[refactor-login] echo: and the tests" && answer.speaker == "coder")
    }

    @Test func aMessageHandledTwiceRunsOneTurn() async throws {
        let routing = try routing()
        let message = IncomingMessage(id: MessageID("dup-1"), chat: Self.own, sender: MemoryRouting.alice, text: "once")
        await routing.router.handle(message)
        await routing.router.handle(message)
        _ = try await answer(to: message.id, in: Self.own, routing)
        try await Task.sleep(for: .milliseconds(300))
        #expect(await routing.chat.messages(in: Self.own).filter { $0.replyTo == message.id }.count == 1)
    }
}
