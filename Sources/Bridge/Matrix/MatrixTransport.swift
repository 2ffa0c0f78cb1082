import Agents
import MatrixAppService

/// What the router needs to know about Matrix rooms, and surfaces to speak in them. Every agent is a Matrix
/// user; a message is for an agent when it is in that agent's own room, in a DM with it, or mentions it or
/// replies to it in a group room.
struct MatrixTransport: Transport {
    let appservice: AppService
    let presence: AgentPresence
    let commands: CommandTable
    /// What was said lately, for the quote a reply carries to the agent.
    let recent: RecentMessages
    /// `commands.prefix`.
    let commandPrefix: String
    /// Several bots share Matrix rooms and many of them take `!` commands.
    var groupCommandsNeedAddress: Bool { true }

    func owns(_ chat: ChatAddress) -> Bool { chat.origin == chat && chat.matrixRoom != nil }

    func surface(for chat: ChatAddress, as agent: String, fallback: String?) async -> any ChatSurface {
        let room = chat.matrixRoom ?? RoomID("")
        var speaker = agent
        if let fallback, fallback != agent,
           (try? await appservice.state.membership(room: room, user: presence.userID(of: agent))) != .join {
            speaker = fallback
        }
        return MatrixSurface(room: room, thread: chat.matrixThreadRoot, intent: appservice.intent(for: presence.userID(of: speaker)),
                             speaker: speaker, store: presence.store, recent: recent,
                             speakerName: presence.displayname(of: speaker, await presence.runtime.agents()[speaker]))
    }

    func agents(in chat: ChatAddress) async -> [String] {
        guard let room = chat.matrixRoom, let members = try? await appservice.state.joinedMembers(room: room) else { return [] }
        var agents: [String] = []
        for user in members where appservice.isOurs(user) {
            if let name = await presence.agent(of: user) { agents.append(name) }
        }
        return agents
    }

    func owner(of chat: ChatAddress) async -> String? {
        guard let room = chat.matrixRoom else { return nil }
        return try? await presence.store.agent(owningRoom: room)
    }

    /// Invited members count too: a room where a second agent is still joining is no DM.
    func isDirect(_ chat: ChatAddress) async -> Bool {
        guard let room = chat.matrixRoom, let members = try? await appservice.state.members(room: room, in: [.join, .invite]) else { return false }
        return members.count <= 2
    }

    func defaultAgent(of chat: ChatAddress) async -> String? { nil }

    func agent(thatSent message: MessageID, in chat: ChatAddress) async -> String? {
        try? await presence.store.agent(thatSent: EventID(message))
    }

    func names(of agent: String, in chat: ChatAddress) async -> [String] {
        let user = presence.userID(of: agent)
        var names = [agent, user.rawValue]
        if let room = chat.matrixRoom, let displayname = try? await appservice.state.displayname(room: room, user: user) {
            names.append(displayname)
        }
        names.append(presence.displayname(of: agent, await presence.runtime.agents()[agent]))
        return names
    }

    /// Event ids are unique everywhere: a turn is recorded under the event that started it.
    func turnOrigin(of message: MessageID, in chat: ChatAddress) -> String? { message.rawValue }

    /// The agents a message mentions, by every form clients send (see `MentionDetector`).
    func mentions(in content: MessageContent, room: RoomID, among agents: [String]) async -> Set<String> {
        var mentioned: Set<String> = []
        for agent in agents {
            let user = presence.userID(of: agent)
            let definition = await presence.runtime.agents()[agent]
            let displayname = (try? await appservice.state.displayname(room: room, user: user))
                ?? presence.displayname(of: agent, definition)
            if MentionDetector(user: user, displayname: displayname).isMentioned(in: content) { mentioned.insert(agent) }
        }
        return mentioned
    }
}
