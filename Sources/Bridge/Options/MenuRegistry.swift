import Foundation

/// Open menus, by a token made when the menu is created. A menu is registered before its message is sent (so
/// a quick tap never finds it missing); the message joins once it is known, so a reaction on it finds the
/// menu too. Also remembers each chat's latest menu, so a typed number picks from it.
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

    private struct Entry {
        var menu: OptionMenu
        var chat: ChatAddress
        var message: MessageID?
    }

    private var entries: [String: Entry] = [:]
    private var tokenOfMessage: [MessageID: String] = [:]
    private var latestInChat: [ChatAddress: String] = [:]

    public init() {}

    /// Twelve characters of [A-Za-z0-9]: short enough for Telegram's 64-byte button data, unguessable enough
    /// for a menu that lives an hour.
    public static func newToken() -> String { RandomToken.make(length: 12) }

    public func register(_ menu: OptionMenu, token: String, chat: ChatAddress) {
        entries[token] = Entry(menu: menu, chat: chat)
        latestInChat[chat] = token
        pruneExpired()
    }

    /// The message that shows the menu, once it is sent.
    public func shown(_ token: String, in message: MessageID) {
        guard entries[token] != nil else { return }
        entries[token]?.message = message
        tokenOfMessage[message] = token
    }

    public func menu(token: String) -> OptionMenu? { entries[token]?.menu }
    public func token(shownIn message: MessageID) -> String? { tokenOfMessage[message] }
    public func message(of token: String) -> MessageID? { entries[token]?.message }
    /// The chat a message showing a menu is in (a Matrix reaction names the message, not its thread).
    public func chat(showing message: MessageID) -> ChatAddress? { tokenOfMessage[message].flatMap { entries[$0]?.chat } }

    /// The chat's most recent menu that is still open, for a typed number.
    public func latestOpen(chat: ChatAddress, now: Date = Date()) -> String? {
        guard let token = latestInChat[chat], let menu = entries[token]?.menu, !menu.isDone, menu.expiresAt > now else { return nil }
        return token
    }

    /// Applies a reaction key (or typed text, or a button's key) from `user` in `chat` to the menu `token` names.
    /// A token from another chat is no menu there: a button only works where it was shown.
    public func pick(token: String, key: String, user: String, chat: ChatAddress, now: Date = Date()) -> Pick {
        guard var entry = entries[token], entry.chat == chat else { return .notAMenu }
        var menu = entry.menu
        if menu.isDone { return .alreadyUsed }
        if menu.expiresAt <= now { return .expired }
        if let owner = menu.owner, owner != user { return .notYours(owner: owner) }
        let trimmed = key.replacingOccurrences(of: "\u{FE0F}", with: "")
        if trimmed == OptionMenu.nextPage.replacingOccurrences(of: "\u{FE0F}", with: ""), menu.page < menu.pageCount - 1 {
            menu.page += 1
        } else if trimmed == OptionMenu.previousPage.replacingOccurrences(of: "\u{FE0F}", with: ""), menu.page > 0 {
            menu.page -= 1
        } else {
            guard let number = Keycap.number(from: key) else { return .notAMenu }
            guard let option = menu.option(number: number) else { return .noSuchOption(count: menu.visible.count) }
            menu.isDone = true
            entry.menu = menu
            entries[token] = entry
            return .picked(option, menu)
        }
        entry.menu = menu
        entries[token] = entry
        return .turnedPage(menu)
    }

    private func pruneExpired(now: Date = Date()) {
        // Used and expired menus stay a day, so a late tap gets "expired" rather than silence.
        let horizon = now.addingTimeInterval(-86_400)
        for (token, entry) in entries where entry.menu.expiresAt < horizon {
            entries[token] = nil
            if let message = entry.message { tokenOfMessage[message] = nil }
            if latestInChat[entry.chat] == token { latestInChat[entry.chat] = nil }
        }
    }
}
