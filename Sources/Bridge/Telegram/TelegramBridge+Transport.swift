import Agents

extension TelegramBridge: Transport {
    /// Chats with this bot: the main bot's, or (for an agent's own bot) that agent's.
    public nonisolated func owns(_ chat: ChatKey) -> Bool {
        TelegramChatRef(key: chat.rawValue).map { $0.bot == fixedAgent } ?? false
    }

    /// Telegram has no idempotency key for sends; `id` is unused.
    public nonisolated func deliver(notice markdown: String, from agent: String, to chat: ChatKey, id: String) async throws {
        guard let ref = TelegramChatRef(key: chat.rawValue) else { return }
        let body = agent == (fixedAgent ?? AgentsConfiguration.mainAgentName) ? markdown : "**\(agent)**\n\n" + markdown
        for part in TelegramSplitter.split(TelegramHTML.render(body)) {
            _ = try await api.sendMessage(chatID: ref.chatID, html: part, threadID: ref.threadID)
        }
        mirror?.agentSaid(markdown, agent: agent, in: ref, notice: true)
    }
}
