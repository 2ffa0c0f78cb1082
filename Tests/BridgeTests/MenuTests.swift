import Foundation
import Testing
@testable import Bridge

private func menu(_ count: Int, owner: String? = "@alice:x", lifetime: TimeInterval = 60) -> OptionMenu {
    OptionMenu(title: "Pick a model", options: (1...count).map { OptionMenu.Option("option \($0)") },
               purpose: .command("model"), owner: owner, lifetime: lifetime)
}

@Suite struct MenuTests {
    @Test func rendersDigitsAndSeedsMatchingReactions() {
        let three = menu(3)
        #expect(three.render().contains("1\u{FE0F}\u{20E3} option 1"))
        #expect(three.reactionKeys == ["1\u{FE0F}\u{20E3}", "2\u{FE0F}\u{20E3}", "3\u{FE0F}\u{20E3}"])
    }

    @Test func reactionWithoutVariationSelectorPicks() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), messageID: "$m", chat: "!r")
        let pick = await registry.pick(messageID: "$m", key: "2\u{20E3}", user: "@alice:x")
        guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
        #expect(option.label == "option 2")
    }

    @Test func aUsedMenuAnswersAlreadyUsed() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), messageID: "$m", chat: "!r")
        _ = await registry.pick(messageID: "$m", key: "1️⃣", user: "@alice:x")
        #expect(await registry.pick(messageID: "$m", key: "2️⃣", user: "@alice:x") == .alreadyUsed)
        #expect(await registry.latestOpen(chat: "!r") == nil)
    }

    @Test func expiredMenuSaysSo() async {
        let registry = MenuRegistry()
        await registry.register(menu(3, lifetime: 1), messageID: "$m", chat: "!r")
        #expect(await registry.pick(messageID: "$m", key: "1️⃣", user: "@alice:x", now: Date().addingTimeInterval(5)) == .expired)
    }

    @Test func onlyTheOwnerMayPick() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), messageID: "$m", chat: "!r")
        #expect(await registry.pick(messageID: "$m", key: "1️⃣", user: "@mallory:x") == .notYours(owner: "@alice:x"))
        let pick = await registry.pick(messageID: "$m", key: "1️⃣", user: "@alice:x")
        guard case .picked = pick else { Issue.record("owner could not pick: \(pick)"); return }
    }

    @Test func typedNumberFindsTheLatestOpenMenu() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), messageID: "$old", chat: "!r")
        await registry.register(menu(3), messageID: "$new", chat: "!r")
        #expect(await registry.latestOpen(chat: "!r") == "$new")
        let pick = await registry.pick(messageID: "$new", key: "3", user: "@alice:x")
        guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
        #expect(option.label == "option 3")
    }

    @Test func moreThanTenOptionsArePaged() async {
        let registry = MenuRegistry()
        let big = menu(23)
        #expect(big.pageCount == 3)
        #expect(big.reactionKeys.last == OptionMenu.nextPage)
        await registry.register(big, messageID: "$m", chat: "!r")
        guard case .turnedPage(let second) = await registry.pick(messageID: "$m", key: "▶️", user: "@alice:x") else {
            Issue.record("no page turn"); return
        }
        #expect(second.page == 1)
        #expect(second.reactionKeys.suffix(2) == [OptionMenu.previousPage, OptionMenu.nextPage])
        let pick = await registry.pick(messageID: "$m", key: "🔟", user: "@alice:x")
        guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
        #expect(option.label == "option 20")
    }

    @Test func numberBeyondThePageIsRefused() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), messageID: "$m", chat: "!r")
        #expect(await registry.pick(messageID: "$m", key: "7️⃣", user: "@alice:x") == .noSuchOption(count: 3))
        #expect(await registry.pick(messageID: "$m", key: "👍", user: "@alice:x") == .notAMenu)
        #expect(await registry.pick(messageID: "$other", key: "1️⃣", user: "@alice:x") == .notAMenu)
    }
}
