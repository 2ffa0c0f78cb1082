import Agents
import Foundation
import Logging
import MatrixAppService

/// Gives every agent its Matrix identity: the user (the bot for `main`), its profile, and a room of its
/// own shared with the owners. The room ↔ agent mapping is stored, so restarts reuse the room.
struct AgentPresence: Sendable {
    let appservice: AppService
    let runtime: AgentRuntime
    let store: BridgeStore
    let owners: [UserID]
    let encryptRooms: Bool
    let botDisplayname: String
    let botAvatar: String?
    let logger: Logger
    /// `commands.prefix`, for the commands the welcome names.
    var commandPrefix = CommandSettings.defaultPrefix
    /// The config file, so the welcome can say where to change a provider.
    var configPath: String?

    func userID(of agent: String) -> UserID {
        agent == AgentsConfiguration.mainAgentName ? appservice.botUserID : appservice.namespacedUser(agent)
    }

    /// The agent a user of ours stands for, if that agent exists.
    func agent(of user: UserID) async -> String? {
        let name: String
        if user == appservice.botUserID {
            name = AgentsConfiguration.mainAgentName
        } else if let namespaced = appservice.namespaceName(of: user) {
            name = namespaced
        } else {
            return nil
        }
        return await runtime.agents()[name] == nil ? nil : name
    }

    func displayname(of agent: String, _ definition: AgentDefinition?) -> String {
        if let name = definition?.displayname, !name.isEmpty { return name }
        if agent == AgentsConfiguration.mainAgentName { return botDisplayname }
        return agent.prefix(1).uppercased() + agent.dropFirst()
    }


    /// Registers the agent's user, sets its profile and makes sure its room exists, inviting `extra`.
    @discardableResult
    func ensure(_ agent: String, inviting extra: [UserID] = []) async throws -> RoomID {
        let definition = await runtime.agents()[agent]
        let intent = appservice.intent(for: userID(of: agent))
        try await intent.ensureRegistered()
        let name = displayname(of: agent, definition)
        try await intent.ensureDisplayName(name)
        if let avatar = definition?.avatar ?? (agent == AgentsConfiguration.mainAgentName ? botAvatar : nil), avatar.hasPrefix("mxc://") {
            try? await intent.setAvatarURL(ContentURI(avatar))
        }
        if let room = try await store.room(ofAgent: agent),
           try await appservice.state.membership(room: room, user: intent.userID) == .join {
            for user in extra { try? await intent.invite(user, to: room) }
            return room
        }
        var options = CreateRoomOptions(name: name, topic: topic(agent, definition), invite: Array(Set(owners + extra)))
        if encryptRooms {
            options.initialState.append(CreateRoomOptions.megolmEncryption)
        }
        let room = try await intent.createRoom(options)
        try await store.setRoom(room, ofAgent: agent)
        logger.info("created the agent's room", metadata: ["agent": "\(agent)", "room_id": "\(room)"])
        do {
            _ = try await intent.sendMessage(room, MatrixContent.message(welcome(agent, definition), msgtype: .notice),
                                             txnID: "troupe-welcome-\(room.rawValue)")
        } catch {
            logger.warning("could not post the welcome in the agent's room", metadata: ["agent": "\(agent)", "error": "\(error)"])
        }
        return room
    }

    /// The first message in an agent's own room: who it is, what it runs on, the commands that matter, and how to
    /// bring it elsewhere.
    func welcome(_ agent: String, _ definition: AgentDefinition?) -> String {
        let name = displayname(of: agent, definition)
        let provider = definition?.provider ?? "?"
        let resolved = runtime.configuration.resolvedProviders[provider]
        // The model a turn would use: the agent's own, else the provider's default.
        let model = (definition?.model ?? resolved?.settings.model).map { ", model `\($0)`" } ?? ""
        let endpoint = resolved?.kind == .openai ? resolved?.settings.baseURL.map { " at `\($0)`" } ?? "" : ""
        var lines = ["👋 I am **\(name)** (`\(agent)`), an agent running on **\(provider)**\(endpoint)\(model)."]
        if let role = definition?.systemPrompt?.split(separator: "\n").first, !role.isEmpty { lines.append("_\(role)_") }
        if let resolved, let command = resolved.missingCommand(path: ProcessInfo.processInfo.environment["PATH"]) {
            lines += [""] + missingToolAdvice(agent, resolved, command: command)
        }
        lines += [
            "",
            "Write here and I answer, keeping our conversation's context. I can read files you send, send files back, "
                + "offer choices (react with the number), and ask the other agents for help.",
            "",
            "- `\(commandPrefix)help`: every command",
            "- `\(commandPrefix)new`: start a fresh conversation",
            "- `\(commandPrefix)stop`: stop what I am doing",
            "",
            "To bring me into another room, invite `\(userID(of: agent).rawValue)` there; in a group room, mention me or reply to me.",
        ]
        return lines.joined(separator: "\n")
    }

    /// What to install (or configure) when the agent's CLI is missing, so the first thing its owner reads says how to
    /// make it answer.
    private func missingToolAdvice(_ agent: String, _ provider: ResolvedProvider, command: String) -> [String] {
        let file = configPath.map { "`\($0)`" } ?? "the config file"
        var lines = ["⚠️ `\(command)` is not installed here, so I cannot answer yet (commands work). To fix it:"]
        if let install = provider.kind.installCommand {
            lines.append("- install \(provider.kind.toolName): `\(install)`, and log in to it")
        }
        lines.append("- or set `providers.\(provider.name).command` in \(file) to where it is")
        // Only an agent from the config file can be moved to another provider there.
        if runtime.configuration.agents[agent] != nil {
            let others = ProviderKind.allCases.filter { $0 != provider.kind }.map { kind in
                kind.installCommand.map { "\(kind.rawValue) (`\($0)`)" }
                    ?? "\(kind.rawValue) (\(kind.toolName) such as Ollama, with `providers.\(kind.rawValue).base_url` and a `model`)"
            }
            lines.append("- or set `agents.\(agent).provider` there to " + others.joined(separator: ", "))
        }
        lines.append("Then restart Troupe. Details: \(ProviderKind.setupDoc)")
        return lines
    }

    /// At start: every configured agent gets its user and room. One failing agent does not stop the others.
    func ensureAll() async {
        for agent in await runtime.agents().keys.sorted() {
            do {
                try await ensure(agent)
            } catch {
                logger.error("could not set up the agent's Matrix user or room", metadata: ["agent": "\(agent)", "error": "\(error)"])
            }
        }
    }

    private func topic(_ agent: String, _ definition: AgentDefinition?) -> String {
        let role = definition?.systemPrompt?.split(separator: "\n").first.map(String.init) ?? ""
        let provider = definition?.provider ?? "?"
        return role.isEmpty ? "Troupe agent \(agent) (\(provider))" : "\(role) — \(provider)"
    }
}
