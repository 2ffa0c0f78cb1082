import Agents

/// Where a Telegram conversation happens: a chat, and in a forum supergroup one topic of it. Each topic
/// is a chat of its own for the agents (its own sessions and history).
public struct TelegramChatRef: Sendable, Hashable {
    public var chatID: Int64
    /// Set only for messages in a forum topic; the General topic and ordinary chats have none.
    public var threadID: Int64?
    /// For an agent's own bot: that agent. A private chat has the same id with every bot, so the bot
    /// must be part of the address or two bots would share one conversation state.
    public var bot: String?

    public init(chatID: Int64, threadID: Int64? = nil, bot: String? = nil) {
        self.chatID = chatID
        self.threadID = threadID
        self.bot = bot
    }

    init(_ message: TelegramMessage, bot: String?) {
        self.init(chatID: message.chat.id, threadID: message.isTopicMessage == true ? message.messageThreadID : nil, bot: bot)
    }

    public var address: ChatAddress { .telegram(self) }
}
