import Foundation

/// Open menus, by the message that shows them. Also remembers each chat's latest menu, so a typed
/// number picks from it.
public actor MenuRegistry {
    public enum Pick: Sendable, Equatable {
        case picked(OptionMenu.Option, OptionMenu)
        case turnedPage(OptionMenu)
        case expired
        case alreadyUsed
        case notYours(owner: String)
        case noSuchOption(count: Int)
        case notAMenu
    }

    private var menus: [String: OptionMenu] = [:]
    private var latestInChat: [String: String] = [:]
    private var chatOfMenu: [String: String] = [:]

    public init() {}

    public func register(_ menu: OptionMenu, messageID: String, chat: String) {
        menus[messageID] = menu
        latestInChat[chat] = messageID
        chatOfMenu[messageID] = chat
        pruneExpired()
    }

    public func menu(messageID: String) -> OptionMenu? { menus[messageID] }

    /// The chat's most recent menu that is still open, for a typed number.
    public func latestOpen(chat: String, now: Date = Date()) -> String? {
        guard let id = latestInChat[chat], let menu = menus[id], !menu.isDone, menu.expiresAt > now else { return nil }
        return id
    }

    /// Applies a reaction key (or typed text) from `user` to the menu shown by `messageID`.
    public func pick(messageID: String, key: String, user: String, now: Date = Date()) -> Pick {
        guard var menu = menus[messageID] else { return .notAMenu }
        if menu.isDone { return .alreadyUsed }
        if menu.expiresAt <= now { return .expired }
        if let owner = menu.owner, owner != user { return .notYours(owner: owner) }
        let trimmed = key.replacingOccurrences(of: "\u{FE0F}", with: "")
        if trimmed == OptionMenu.nextPage.replacingOccurrences(of: "\u{FE0F}", with: ""), menu.page < menu.pageCount - 1 {
            menu.page += 1
            menus[messageID] = menu
            return .turnedPage(menu)
        }
        if trimmed == OptionMenu.previousPage.replacingOccurrences(of: "\u{FE0F}", with: ""), menu.page > 0 {
            menu.page -= 1
            menus[messageID] = menu
            return .turnedPage(menu)
        }
        guard let number = Keycap.number(from: key) else { return .notAMenu }
        guard let option = menu.option(number: number) else { return .noSuchOption(count: menu.visible.count) }
        menu.isDone = true
        menus[messageID] = menu
        return .picked(option, menu)
    }

    private func pruneExpired(now: Date = Date()) {
        // Keep used and expired menus for a day, so a late tap gets "expired" rather than silence.
        let horizon = now.addingTimeInterval(-86_400)
        for (id, menu) in menus where menu.expiresAt < horizon {
            menus[id] = nil
            if let chat = chatOfMenu.removeValue(forKey: id), latestInChat[chat] == id { latestInChat[chat] = nil }
        }
    }
}
