import Agents

/// A messenger the agents are reachable on (Matrix, Telegram): what the router asks of it. The transport
/// translates what arrives into `IncomingMessage`s and hands them to its router; everything it knows about its
/// chats that the router's decisions need is asked here, and everything that goes out goes through a surface.
public protocol Transport: Sendable {
    /// Whether this transport made the address (and so can post in it). The only router of a stored address.
    func owns(_ chat: ChatAddress) -> Bool
    /// A surface in the chat speaking as `agent`; where the agent cannot speak there (a Matrix room it is not
    /// in), as `fallback` instead. The surface's `speaker` says who it speaks as.
    func surface(for chat: ChatAddress, as agent: String, fallback: String?) async -> any ChatSurface
    /// How commands are written: `commands.prefix` on Matrix (`!` by default), `/` on Telegram. The only prefix
    /// the router reads commands with, and the one help texts and hints show.
    var commandPrefix: String { get }
    /// Whether a command in a group room (no owner, not direct) counts only when addressed to an agent: by a
    /// mention, a reply to its message, or its name after the prefix (`!coder status`). Where other bots share the
    /// rooms, an unaddressed `!status` is probably theirs, and answering it would be noise.
    var groupCommandsNeedAddress: Bool { get }
    var commands: CommandTable { get }

    /// The agents a message in the chat can reach, in the order the transport prefers.
    func agents(in chat: ChatAddress) async -> [String]
    /// The agent the chat belongs to (an agent's own room or bot): it hears everything said there.
    func owner(of chat: ChatAddress) async -> String?
    /// One person with one agent: every message is for that agent.
    func isDirect(_ chat: ChatAddress) async -> Bool
    /// The agent a chat talks to when nobody is named (Telegram's `/agent`); nil where nobody named means nobody.
    func defaultAgent(of chat: ChatAddress) async -> String?
    /// The agent that sent a message: replying to it addresses that agent.
    func agent(thatSent message: MessageID, in chat: ChatAddress) async -> String?
    /// Names a message may start with to address the agent ("Coder: …").
    func names(of agent: String, in chat: ChatAddress) async -> [String]
    /// The key a turn started by this message is recorded under, so a message handled twice (after a crash)
    /// runs one turn; nil where message ids are not unique enough for that.
    func turnOrigin(of message: MessageID, in chat: ChatAddress) -> String?
}

extension Array where Element == MessageRouter {
    /// The router whose transport owns the chat, if any.
    func owner(of chat: ChatAddress) -> MessageRouter? { first { $0.transport.owns(chat) } }
}
