import Agents
import Foundation
@testable import Bridge

/// A messenger that exists only in memory: chats with the agents set up in them, surfaces writing into one
/// `MemoryChat`. Router tests (and anyone trying the routing without a messenger) use it.
public struct MemoryTransport: Transport {
    /// A refusal for good, as a homeserver's 403 would be.
    public struct Refusal: Error {
        public init() {}
    }

    /// How a test chat is set up.
    public struct Room: Sendable {
        public var agents: [String]
        public var owner: String?
        public var direct: Bool
        public var defaultAgent: String?

        public init(agents: [String], owner: String? = nil, direct: Bool = false, defaultAgent: String? = nil) {
            self.agents = agents
            self.owner = owner
            self.direct = direct
            self.defaultAgent = defaultAgent
        }
    }

    public let store: MemoryChat
    public let rooms: [ChatAddress: Room]
    public let commands: CommandTable
    /// `!` like Matrix by default; `/` with `groupCommandsNeedAddress` off plays Telegram.
    public let commandPrefix: String
    public let groupCommandsNeedAddress: Bool

    public init(store: MemoryChat, rooms: [ChatAddress: Room], commands: CommandTable, commandPrefix: String = "!",
                groupCommandsNeedAddress: Bool = true) {
        self.store = store
        self.rooms = rooms
        self.commands = commands
        self.commandPrefix = commandPrefix
        self.groupCommandsNeedAddress = groupCommandsNeedAddress
    }

    public func owns(_ chat: ChatAddress) -> Bool { rooms[chat] != nil }

    public func surface(for chat: ChatAddress, as agent: String, fallback: String?) async -> any ChatSurface {
        let speaker = fallback.map { rooms[chat]?.agents.contains(agent) == false ? $0 : agent } ?? agent
        return MemorySurface(chat: chat, speaker: speaker, store: store)
    }

    public func agents(in chat: ChatAddress) async -> [String] { rooms[chat]?.agents ?? [] }
    public func owner(of chat: ChatAddress) async -> String? { rooms[chat]?.owner }
    public func isDirect(_ chat: ChatAddress) async -> Bool { rooms[chat]?.direct ?? false }
    public func defaultAgent(of chat: ChatAddress) async -> String? { rooms[chat]?.defaultAgent }

    public func agent(thatSent message: MessageID, in chat: ChatAddress) async -> String? {
        await store.message(message)?.speaker
    }

    public func names(of agent: String, in chat: ChatAddress) async -> [String] { [agent] }
    public func turnOrigin(of message: MessageID, in chat: ChatAddress) -> String? { chat.stored + "/" + message.rawValue }
}
