import Agents
import Foundation

/// What the router needs to know about Telegram chats, and surfaces to speak in them. Telegram has no agent
/// users: one bot speaks for every agent, and a chat talks to the main agent until `/agent NAME` switches it
/// (`@name text` addresses one agent for one message). An agent's own bot (`agent_bots`) talks to that agent only.
struct TelegramTransport: Transport {
    let api: TelegramBotAPI
    let runtime: AgentRuntime
    let store: any TelegramStore
    /// Set for an agent's own bot: every chat with it belongs to this agent.
    let fixedAgent: String?
    let mirror: TelegramMirror?
    let commands: CommandTable
    var commandPrefix: String { "/" }
    /// Telegram addresses group commands itself (`/cmd@botname`; TelegramBridge drops other bots' commands before
    /// they reach the router), and `isDirect` is false even in a private chat with the main bot, so the group rule
    /// would refuse every unnamed command there.
    var groupCommandsNeedAddress: Bool { false }

    /// The agent whose bot this is: its messages need no name above them.
    var botAgent: String { fixedAgent ?? AgentsConfiguration.mainAgentName }

    /// Chats with this bot: the main bot's, or (for an agent's own bot) that agent's.
    func owns(_ chat: ChatAddress) -> Bool {
        if case .telegram(let ref) = chat { return ref.bot == fixedAgent }
        return false
    }

    func surface(for chat: ChatAddress, as agent: String, fallback: String?) async -> any ChatSurface {
        TelegramSurface(api: api, ref: chat.telegramChat ?? TelegramChatRef(chatID: 0), speaker: agent, showsSpeaker: agent != botAgent,
                        mirror: mirror)
    }

    func agents(in chat: ChatAddress) async -> [String] {
        if let fixedAgent { return [fixedAgent] }
        return await runtime.agents().keys.sorted()
    }

    func owner(of chat: ChatAddress) async -> String? { fixedAgent }

    /// Only the chat's own agent answers unnamed messages, private chat or group.
    func isDirect(_ chat: ChatAddress) async -> Bool { false }

    /// The agent chosen with `/agent`, or main.
    func defaultAgent(of chat: ChatAddress) async -> String? {
        if let fixedAgent { return fixedAgent }
        let stored = try? await store.agent(ofChat: chat.stored)
        return stored.flatMap { $0 } ?? AgentsConfiguration.mainAgentName
    }

    /// The bot sends for every agent: a reply to it goes to the chat's agent.
    func agent(thatSent message: MessageID, in chat: ChatAddress) async -> String? { nil }

    func names(of agent: String, in chat: ChatAddress) async -> [String] { [] }

    /// Telegram message ids repeat across chats, and its updates are not replayed after they are confirmed.
    func turnOrigin(of message: MessageID, in chat: ChatAddress) -> String? { nil }
}
