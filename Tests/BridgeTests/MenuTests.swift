import Foundation
import MatrixAppService
import Testing
@testable import Bridge

private func menu(_ count: Int, owner: String? = "@alice:x", lifetime: TimeInterval = 60) -> OptionMenu {
    OptionMenu(title: "Pick a model", options: (1...count).map { OptionMenu.Option("option \($0)") },
               purpose: .command("model"), owner: owner, lifetime: lifetime)
}

private let room = ChatAddress.matrix(RoomID("!r"))

@Suite struct MenuTests {
    @Test func rendersDigitsAndSeedsMatchingReactions() {
        let three = menu(3)
        #expect(three.render().contains("1\u{FE0F}\u{20E3} option 1"))
        #expect(three.reactionKeys == ["1\u{FE0F}\u{20E3}", "2\u{FE0F}\u{20E3}", "3\u{FE0F}\u{20E3}"])
    }

    @Test func reactionWithoutVariationSelectorPicks() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), token: "$m", chat: room)
        let pick = await registry.pick(token: "$m", key: "2\u{20E3}", user: "@alice:x", chat: room)
        guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
        #expect(option.label == "option 2")
    }

    @Test func aUsedMenuAnswersAlreadyUsed() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), token: "$m", chat: room)
        _ = await registry.pick(token: "$m", key: "1️⃣", user: "@alice:x", chat: room)
        #expect(await registry.pick(token: "$m", key: "2️⃣", user: "@alice:x", chat: room) == .alreadyUsed)
        #expect(await registry.onlyOpen(chat: room) == nil)
    }

    @Test func expiredMenuSaysSo() async {
        let registry = MenuRegistry()
        await registry.register(menu(3, lifetime: 1), token: "$m", chat: room)
        #expect(await registry.pick(token: "$m", key: "1️⃣", user: "@alice:x", chat: room, now: Date().addingTimeInterval(5)) == .expired)
    }

    @Test func onlyTheOwnerMayPick() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), token: "$m", chat: room)
        #expect(await registry.pick(token: "$m", key: "1️⃣", user: "@mallory:x", chat: room) == .notYours(owner: "@alice:x"))
        let pick = await registry.pick(token: "$m", key: "1️⃣", user: "@alice:x", chat: room)
        guard case .picked = pick else { Issue.record("owner could not pick: \(pick)"); return }
    }

    @Test func aTypedNumberPicksByItsDigit() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), token: "$new", chat: room)
        let pick = await registry.pick(token: "$new", key: "3", user: "@alice:x", chat: room)
        guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
        #expect(option.label == "option 3")
    }

    @Test func moreThanTenOptionsArePaged() async {
        let registry = MenuRegistry()
        let big = menu(23)
        #expect(big.pageCount == 3)
        #expect(big.reactionKeys.last == OptionMenu.nextPage)
        await registry.register(big, token: "$m", chat: room)
        guard case .turnedPage(let second) = await registry.pick(token: "$m", key: "▶️", user: "@alice:x", chat: room) else {
            Issue.record("no page turn"); return
        }
        #expect(second.page == 1)
        #expect(second.reactionKeys.suffix(2) == [OptionMenu.previousPage, OptionMenu.nextPage])
        let pick = await registry.pick(token: "$m", key: "🔟", user: "@alice:x", chat: room)
        guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
        #expect(option.label == "option 20")
    }

    @Test func numberBeyondThePageIsRefused() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), token: "$m", chat: room)
        #expect(await registry.pick(token: "$m", key: "7️⃣", user: "@alice:x", chat: room) == .noSuchOption(count: 3))
        #expect(await registry.pick(token: "$m", key: "👍", user: "@alice:x", chat: room) == .notAMenu)
        #expect(await registry.pick(token: "$other", key: "1️⃣", user: "@alice:x", chat: room) == .notAMenu)
    }

    @Test(arguments: StoreDriver.allCases)
    func menusOutliveARestartWithTheirStateAndSeeds(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let before = MenuRegistry(store: stores.menus)
            await before.register(menu(3), token: "open", chat: room)
            await before.shown("open", in: MessageID("$open"))
            await before.seeded("open", [MessageID("$r1"), MessageID("$r2")])
            await before.register(menu(3), token: "used", chat: room)
            await before.shown("used", in: MessageID("$used"))
            _ = await before.pick(token: "used", key: "1️⃣", user: "@alice:x", chat: room)

            // A new process: taps on the open menu's message still pick, the used one is still used.
            let after = MenuRegistry(store: stores.menus)
            #expect(await after.token(shownIn: MessageID("$open")) == "open")
            #expect(await after.takeSeeds("open") == [MessageID("$r1"), MessageID("$r2")])
            #expect(await after.takeSeeds("open").isEmpty)
            #expect(await after.pick(token: "used", key: "2️⃣", user: "@alice:x", chat: room) == .alreadyUsed)
            let pick = await after.pick(token: "open", key: "2️⃣", user: "@alice:x", chat: room)
            guard case .picked(let option, _) = pick else { Issue.record("got \(pick)"); return }
            #expect(option.label == "option 2")
            // Another transport's registry does not take this one's menus.
            let telegram = MenuRegistry(store: stores.menus, owns: { $0.telegramChat != nil })
            #expect(await telegram.token(shownIn: MessageID("$open")) == nil)
        }
    }

    @Test func onlyOneOpenMenuIsAGuessATypedNumberMayMake() async {
        let registry = MenuRegistry()
        await registry.register(menu(3), token: "a", chat: room)
        #expect(await registry.onlyOpen(chat: room) == "a")
        await registry.register(menu(3), token: "b", chat: room)
        #expect(await registry.onlyOpen(chat: room) == nil)
        _ = await registry.pick(token: "a", key: "1", user: "@alice:x", chat: room)
        #expect(await registry.onlyOpen(chat: room) == "b")
    }
}
