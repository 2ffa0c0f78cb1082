import Agents

/// Where a Telegram conversation happens: a chat, and in a forum supergroup one topic of it. Each topic
/// is a chat of its own for the agents (its own sessions and history).
public struct TelegramChatRef: Sendable, Hashable {
    public static let prefix = "telegram:"

    public var chatID: Int64
    /// Set only for messages in a forum topic; the General topic and ordinary chats have none.
    public var threadID: Int64?
    /// For an agent's own bot: that agent. A private chat has the same id with every bot, so the bot
    /// must be part of the key or two bots would share one conversation state.
    public var bot: String?

    public init(chatID: Int64, threadID: Int64? = nil, bot: String? = nil) {
        self.chatID = chatID
        self.threadID = threadID
        self.bot = bot
    }

    init(_ message: TelegramMessage, bot: String?) {
        self.init(chatID: message.chat.id, threadID: message.isTopicMessage == true ? message.messageThreadID : nil, bot: bot)
    }

    /// `telegram:<chat>`, `telegram:<chat>/<topic>`, or with an agent's bot `telegram:<agent>@<chat>…`.
    public var key: String {
        Self.prefix + (bot.map { "\($0)@" } ?? "") + String(chatID) + (threadID.map { "/\($0)" } ?? "")
    }

    public var chatKey: ChatKey { ChatKey(key) }

    /// Reads a key back; nil if it is not a Telegram chat key.
    public init?(key: String) {
        guard key.hasPrefix(Self.prefix) else { return nil }
        var rest = Substring(key.dropFirst(Self.prefix.count))
        var bot: String?
        if let at = rest.firstIndex(of: "@") {
            bot = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let fields = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let chat = fields.first.flatMap({ Int64($0) }), fields.count <= 2 else { return nil }
        var thread: Int64?
        if fields.count == 2 {
            guard let topic = Int64(fields[1]) else { return nil }
            thread = topic
        }
        self.init(chatID: chat, threadID: thread, bot: bot)
    }
}
