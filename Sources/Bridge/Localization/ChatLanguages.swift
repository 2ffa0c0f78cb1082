import Logging

/// The one place the language of Troupe's chat texts is decided: a chat's own (`!language`, stored) or else the
/// config's `language`. Routers ask it for every message they answer, so a change (a chat's `!language`, or
/// `setDefault` from a config reload) applies to the next message.
public actor ChatLanguages {
    /// The config's `language`.
    public private(set) var fallback: Language
    private let store: (any LanguageStore)?
    private let logger: Logger?
    /// Chats' overrides as read from the store (nil: the chat has none); every change goes through `set`.
    private var known: [String: Language?] = [:]

    public init(default fallback: Language = .default, store: (any LanguageStore)? = nil, logger: Logger? = nil) {
        self.fallback = fallback
        self.store = store
        self.logger = logger
    }

    /// A config reload's new `language`; chats with their own keep it.
    public func setDefault(_ language: Language) { fallback = language }

    /// The chat's own language, if it set one.
    public func override(for chat: ChatAddress) async -> Language? {
        let key = Self.scope(of: chat).stored
        if let cached = known[key] { return cached }
        var found: Language?
        do {
            found = try await store?.language(ofChat: key)
        } catch {
            // Not cached: the next message reads the store again.
            logger?.warning("could not read a chat's language", metadata: ["chat": "\(key)", "error": "\(error)"])
            return nil
        }
        known[key] = .some(found)
        return found
    }

    public func language(for chat: ChatAddress) async -> Language { await override(for: chat) ?? fallback }

    public func localizer(for chat: ChatAddress) async -> Localizer { Localizer(await language(for: chat)) }

    /// Sets the chat's own language, or with nil goes back to the config's.
    public func set(_ language: Language?, for chat: ChatAddress) async throws {
        let key = Self.scope(of: chat).stored
        try await store?.setLanguage(language, ofChat: key)
        known[key] = .some(language)
    }

    /// Where a language applies: the chat people are in, and a Matrix thread speaks its room's language.
    static func scope(of chat: ChatAddress) -> ChatAddress {
        switch chat.origin {
        case .matrixThread(let room, _): .matrix(room)
        case let origin: origin
        }
    }
}
