import Agents

/// The Telegram side of the commands. Telegram has no agent users or rooms: an agent is reached by
/// switching a chat to it (`/agent NAME`), so adding one needs nothing here but a hint.
struct TelegramCommandHost: CommandHost {
    let runtime: AgentRuntime
    let api: TelegramBotAPI
    let store: any TelegramStore

    func agentAdded(_ name: String, requester: String, text: Localizer) async throws -> String {
        text.telegramAgentAdded(name)
    }

    func agentRemoved(_ name: String, purge: Bool, text: Localizer) async throws -> String {
        text.agentRemoved(name, rooms: nil, purge: purge)
    }

    func whereabouts(text: Localizer) async -> [String: [String]] {
        var result: [String: [String]] = [:]
        for agent in await runtime.agents().keys { result[agent] = [] }
        for (chat, agent) in (try? await store.chatAgents()) ?? [] where result[agent] != nil {
            result[agent, default: []].append(text.telegramChat(ChatAddress(stored: chat)?.telegramChat.map { String($0.chatID) } ?? chat))
        }
        return result
    }

    func leave(agent: String, chat: String, text: Localizer) async throws -> String {
        guard let ref = ChatAddress(stored: chat)?.telegramChat, ref.chatID < 0 else {
            return text.privateChatStays
        }
        // The goodbye goes out first: once the bot has left, it cannot post in the group.
        Task { [api] in
            try? await Task.sleep(for: .seconds(1))
            try? await api.leaveChat(chatID: ref.chatID)
        }
        return text.goodbye
    }
}
