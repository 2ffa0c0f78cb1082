import Foundation
import Logging

/// Open menus, by a token made when the menu is created. A menu is registered before its message is sent (so
/// a quick tap never finds it missing); the message joins once it is known, so a reaction on it finds the
/// menu too. Also remembers the reactions the bot seeded on it, so they go once a choice is made. With a store,
/// menus outlive a restart.
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
        var seeds: [MessageID] = []
    }

    private var entries: [String: Entry] = [:]
    private var tokenOfMessage: [MessageID: String] = [:]
    private let store: (any MenuStore)?
    /// Which stored menus are this registry's (its transport's chats).
    private let owns: @Sendable (ChatAddress) -> Bool
    private let logger: Logger
    private var loaded = false

    /// Used and expired menus stay a day, so a late tap gets "expired" rather than silence.
    static let keptAfterExpiry: TimeInterval = 86_400

    public init(store: (any MenuStore)? = nil, owns: @escaping @Sendable (ChatAddress) -> Bool = { _ in true },
                logger: Logger = Logger(label: "troupe.menus")) {
        self.store = store
        self.owns = owns
        self.logger = logger
    }

    /// Twelve characters of [A-Za-z0-9]: short enough for Telegram's 64-byte button data, unguessable enough
    /// for a menu that lives an hour.
    public static func newToken() -> String { RandomToken.make(length: 12) }

    public func register(_ menu: OptionMenu, token: String, chat: ChatAddress) async {
        await load()
        entries[token] = Entry(menu: menu, chat: chat)
        await save(token)
        await pruneExpired()
    }

    /// The message that shows the menu, once it is sent.
    public func shown(_ token: String, in message: MessageID) async {
        await load()
        guard entries[token] != nil else { return }
        entries[token]?.message = message
        tokenOfMessage[message] = token
        await save(token)
    }

    /// The reactions the bot put on the menu's message (Matrix), to take away once they are no longer choices.
    public func seeded(_ token: String, _ seeds: [MessageID]) async {
        guard !seeds.isEmpty, entries[token] != nil else { return }
        entries[token]?.seeds += seeds
        await save(token)
    }

    /// The seeded reactions, forgotten here: the caller removes them.
    public func takeSeeds(_ token: String) async -> [MessageID] {
        guard let seeds = entries[token]?.seeds, !seeds.isEmpty else { return [] }
        entries[token]?.seeds = []
        await save(token)
        return seeds
    }

    public func menu(token: String) async -> OptionMenu? {
        await load()
        return entries[token]?.menu
    }

    public func token(shownIn message: MessageID) async -> String? {
        await load()
        return tokenOfMessage[message]
    }

    public func message(of token: String) -> MessageID? { entries[token]?.message }

    /// The chat a message showing a menu is in (a Matrix reaction names the message, not its thread).
    public func chat(showing message: MessageID) async -> ChatAddress? {
        await load()
        return tokenOfMessage[message].flatMap { entries[$0]?.chat }
    }

    /// The chat's one open menu, for a typed number; nil when there is none, or when another menu is open there too
    /// (a number could be meant for either).
    public func onlyOpen(chat: ChatAddress, now: Date = Date()) async -> String? {
        await load()
        let open = entries.filter { $0.value.chat == chat && !$0.value.menu.isDone && $0.value.menu.expiresAt > now }
        return open.count == 1 ? open.first?.key : nil
    }

    /// Applies a reaction key (or typed text, or a button's key) from `user` in `chat` to the menu `token` names.
    /// A token from another chat is no menu there: a button only works where it was shown.
    public func pick(token: String, key: String, user: String, chat: ChatAddress, now: Date = Date()) async -> Pick {
        await load()
        guard var entry = entries[token], entry.chat == chat else { return .notAMenu }
        var menu = entry.menu
        if menu.isDone { return .alreadyUsed }
        if menu.expiresAt <= now { return .expired }
        if let owner = menu.owner, owner != user { return .notYours(owner: owner) }
        let trimmed = key.replacingOccurrences(of: "\u{FE0F}", with: "")
        let result: Pick
        if trimmed == OptionMenu.nextPage.replacingOccurrences(of: "\u{FE0F}", with: ""), menu.page < menu.pageCount - 1 {
            menu.page += 1
            result = .turnedPage(menu)
        } else if trimmed == OptionMenu.previousPage.replacingOccurrences(of: "\u{FE0F}", with: ""), menu.page > 0 {
            menu.page -= 1
            result = .turnedPage(menu)
        } else {
            guard let number = Keycap.number(from: key) else { return .notAMenu }
            guard let option = menu.option(number: number) else { return .noSuchOption(count: menu.visible.count) }
            menu.isDone = true
            result = .picked(option, menu)
        }
        entry.menu = menu
        entries[token] = entry
        await save(token)
        return result
    }

    /// A menu that expired (or was used) while its seeded reactions are still on it.
    public struct Stale: Sendable, Equatable {
        public var token: String
        public var chat: ChatAddress
        public var poster: String?
    }

    /// Menus whose seeded reactions no longer offer a choice: expired with nobody tapping, or used.
    public func stale(now: Date = Date()) async -> [Stale] {
        await load()
        return entries.filter { !$0.value.seeds.isEmpty && ($0.value.menu.isDone || $0.value.menu.expiresAt <= now) }
            .map { Stale(token: $0.key, chat: $0.value.chat, poster: $0.value.menu.poster) }
            .sorted { $0.token < $1.token }
    }

    private func load() async {
        guard !loaded else { return }
        loaded = true
        guard let store else { return }
        do {
            for stored in try await store.all(expiringAfter: Date().addingTimeInterval(-Self.keptAfterExpiry)) where owns(stored.chat) {
                // Registered in this process meanwhile (the load waited on the database): that copy is newer.
                guard entries[stored.token] == nil else { continue }
                entries[stored.token] = Entry(menu: stored.menu, chat: stored.chat, message: stored.message, seeds: stored.seeds)
                if let message = stored.message { tokenOfMessage[message] = stored.token }
            }
        } catch {
            logger.error("could not read the stored menus; taps on menus from before the restart get no pick",
                         metadata: ["error": "\(error)"])
        }
    }

    private func save(_ token: String) async {
        guard let store, let entry = entries[token] else { return }
        do {
            try await store.save(.init(token: token, chat: entry.chat, message: entry.message, menu: entry.menu, seeds: entry.seeds))
        } catch {
            logger.warning("could not store a menu; it works until the next restart", metadata: ["error": "\(error)"])
        }
    }

    private func pruneExpired(now: Date = Date()) async {
        let horizon = now.addingTimeInterval(-Self.keptAfterExpiry)
        for (token, entry) in entries where entry.menu.expiresAt < horizon {
            entries[token] = nil
            if let message = entry.message { tokenOfMessage[message] = nil }
        }
        try? await store?.delete(expiredBefore: horizon)
    }
}
