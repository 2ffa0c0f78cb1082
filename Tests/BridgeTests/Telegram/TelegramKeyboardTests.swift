import Foundation
import Testing
@testable import Bridge

@Suite struct TelegramKeyboardTests {
    private func menu(_ count: Int, owner: String? = "telegram:42") -> OptionMenu {
        OptionMenu(title: "Pick", options: (1...count).map { OptionMenu.Option("Option \($0)") }, purpose: .agentButtons(agent: "main"), owner: owner)
    }

    @Test func oneButtonPerOptionWithCallbackData() {
        let markup = TelegramKeyboard.markup(for: menu(3), token: "tok")
        let buttons = markup.inlineKeyboard.flatMap { $0 }
        #expect(buttons.map(\.text) == ["Option 1", "Option 2", "Option 3"])
        #expect(buttons.map(\.callbackData) == ["m:tok:1", "m:tok:2", "m:tok:3"])
        #expect(markup.inlineKeyboard.map(\.count) == [2, 1])
    }

    @Test func longLabelsGetARowEachAndAreShortened() {
        let long = String(repeating: "x", count: 100)
        let options = OptionMenu(title: "", options: [.init(long), .init("short")], purpose: .command("model"), owner: nil)
        let markup = TelegramKeyboard.markup(for: options, token: "t")
        #expect(markup.inlineKeyboard.map(\.count) == [1, 1])
        #expect(markup.inlineKeyboard[0][0].text.count == TelegramKeyboard.maxLabel)
        #expect(markup.inlineKeyboard[0][0].text.hasSuffix("…"))
    }

    @Test func callbackDataFitsTelegramsLimit() {
        let token = MenuRegistry.newToken()
        #expect(token.count == 12)
        for key in ["1", "10", "<", ">"] {
            #expect(TelegramKeyboard.callbackData(token: token, key: key).utf8.count <= 64)
        }
    }

    @Test func pagingRowForLongMenus() {
        var options = menu(25)
        var markup = TelegramKeyboard.markup(for: options, token: "t")
        #expect(markup.inlineKeyboard.last?.map(\.callbackData) == ["m:t:>"])
        options.page = 1
        markup = TelegramKeyboard.markup(for: options, token: "t")
        #expect(markup.inlineKeyboard.last?.map(\.callbackData) == ["m:t:<", "m:t:>"])
        #expect(markup.inlineKeyboard.flatMap { $0 }.first?.text == "Option 11")
    }

    @Test func parsesOnlyItsOwnData() {
        func parsed(_ data: String) -> [String]? { TelegramKeyboard.parse(data).map { [$0.token, $0.key] } }
        #expect(parsed("m:tok:3") == ["tok", "3"])
        #expect(parsed("m:tok:>") == ["tok", OptionMenu.nextPage])
        #expect(parsed("m:tok:<") == ["tok", OptionMenu.previousPage])
        for bad in ["", "m:tok", "m::1", "m:tok:11", "m:tok:0", "x:tok:1", "m:tok:1:2", "m:tok:abc"] {
            #expect(TelegramKeyboard.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aPickIsCheckedAgainstWhoMayPick() async {
        let registry = MenuRegistry()
        let chat = ChatAddress.telegram(TelegramChatRef(chatID: 42))
        await registry.register(menu(2), token: "tok", chat: chat)
        #expect(await registry.pick(token: "tok", key: "1", user: "telegram:99", chat: chat) == .notYours(owner: "telegram:42"))
        // A button only works in the chat it was shown in.
        #expect(await registry.pick(token: "tok", key: "2", user: "telegram:42", chat: .telegram(TelegramChatRef(chatID: 43))) == .notAMenu)
        guard case .picked(let option, _) = await registry.pick(token: "tok", key: "2", user: "telegram:42", chat: chat) else {
            Issue.record("the owner's pick was not taken")
            return
        }
        #expect(option.label == "Option 2")
        #expect(await registry.pick(token: "tok", key: "1", user: "telegram:42", chat: chat) == .alreadyUsed)
        // A button of another menu (another token) is no menu at all.
        #expect(await registry.pick(token: "old", key: "1", user: "telegram:42", chat: chat) == .notAMenu)
    }
}
