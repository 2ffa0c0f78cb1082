import Agents
import Foundation
import Logging
import MatrixAppService

/// Gives every agent its Matrix identity: the user (the bot for `main`), its profile, and a room of its
/// own shared with the owners. The room ↔ agent mapping is stored, so restarts reuse the room.
struct AgentPresence: Sendable {
    let appservice: AppService
    let runtime: AgentRuntime
    let store: any BridgeStore
    /// `owners` as in force now; a reload that names new ones invites them (see `ConfigReloader`).
    let liveOwners: Live<[UserID]>
    var owners: [UserID] { liveOwners.value }
    let encryptRooms: Bool
    let botDisplayname: String
    let botAvatar: String?
    let logger: Logger
    /// `commands.prefix`, for the commands the welcome names.
    var commandPrefix = CommandSettings.defaultPrefix
    /// The config file, so the welcome can say where to change a provider.
    var configPath: String?
    /// The languages of the rooms it writes in (the welcome, run notices and questions).
    var languages = ChatLanguages()

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
        // A new room has no language of its own yet: its topic and welcome speak the configured one.
        let text = Localizer(await languages.fallback)
        var options = CreateRoomOptions(name: name, topic: topic(agent, definition, text: text), invite: Array(Set(owners + extra)))
        if encryptRooms {
            options.initialState.append(CreateRoomOptions.megolmEncryption)
        }
        let room = try await intent.createRoom(options)
        try await store.setRoom(room, ofAgent: agent)
        logger.info("created the agent's room", metadata: ["agent": "\(agent)", "room_id": "\(room)"])
        do {
            _ = try await intent.sendMessage(room, MatrixContent.message(welcome(agent, definition, text: text), msgtype: .notice),
                                             txnID: "troupe-welcome-\(room.rawValue)")
        } catch {
            logger.warning("could not post the welcome in the agent's room", metadata: ["agent": "\(agent)", "error": "\(error)"])
        }
        return room
    }

    /// The first message in an agent's own room: who it is, what it runs on, the commands that matter, and how to
    /// bring it elsewhere.
    func welcome(_ agent: String, _ definition: AgentDefinition?, text: Localizer = Localizer()) -> String {
        let name = displayname(of: agent, definition)
        let provider = definition?.provider ?? "?"
        let resolved = runtime.configuration.resolvedProviders[provider]
        // The model a turn would use: the agent's own, else the provider's default; an OpenAI-compatible server's address.
        let model = definition?.model ?? resolved?.settings.model
        let shownProvider = resolved?.kind == .openai ? resolved?.settings.baseURL.map { "\(provider) (\($0))" } ?? provider : provider
        var lines = [text.welcomeIntro(name: name, agent: agent, provider: shownProvider, model: model)]
        if let role = definition?.systemPrompt?.split(separator: "\n").first, !role.isEmpty { lines.append("_\(role)_") }
        if let resolved, let command = resolved.missingCommand(path: ProcessInfo.processInfo.environment["PATH"]) {
            lines += [""] + missingToolAdvice(agent, resolved, command: command, text: text)
        }
        lines += ["", text.welcomeBody(prefix: commandPrefix, user: userID(of: agent).rawValue)]
        return lines.joined(separator: "\n")
    }

    /// What to install (or configure) when the agent's CLI is missing, so the first thing its owner reads says how to
    /// make it answer.
    private func missingToolAdvice(_ agent: String, _ provider: ResolvedProvider, command: String, text: Localizer) -> [String] {
        let file = configPath.map { "`\($0)`" } ?? text.theConfigFile
        var lines = [text.welcomeMissingTool(command: command)]
        if let install = provider.kind.installCommand {
            lines.append(text.welcomeInstallTool(tool: provider.kind.toolName, install: install))
        }
        lines.append(text.welcomeSetCommand(provider: provider.name, file: file))
        // Only an agent from the config file can be moved to another provider there.
        if runtime.configuration.agents[agent] != nil {
            let others = ProviderKind.allCases.filter { $0 != provider.kind }.map { kind in
                kind.installCommand.map { "\(kind.rawValue) (`\($0)`)" } ?? text.welcomeServerOption(kind: kind.rawValue)
            }
            lines.append(text.welcomeSwitchProvider(agent: agent, options: others.joined(separator: ", ")))
        }
        lines.append(text.welcomeApplies(doc: ProviderKind.setupDoc))
        return lines
    }

    /// At start and after a config reload: every configured agent gets its user, profile and room, and `inviting`
    /// (owners newly listed) is invited into rooms that already exist. One failing agent does not stop the others.
    func ensureAll(inviting: [UserID] = []) async {
        for agent in await runtime.agents().keys.sorted() {
            do {
                try await ensure(agent, inviting: inviting)
            } catch {
                logger.error("could not set up the agent's Matrix user or room", metadata: ["agent": "\(agent)", "error": "\(error)"])
            }
        }
    }

    /// A notice for the admins, in the bot's own room (where the owners are).
    func noticeToAdmins(_ notice: ConfigReloader.Notice) async {
        do {
            guard let room = try await store.room(ofAgent: AgentsConfiguration.mainAgentName) else {
                logger.warning("no room for the bot yet; the admins were not told", metadata: ["notice": "\(notice)"])
                return
            }
            let language = await languages.localizer(for: .matrix(room))
            let text = switch notice {
            case .rejected(let problems): language.configRejected(problems: problems)
            case .restartNeeded(let keys): language.configRestartNeeded(keys: keys)
            }
            _ = try await appservice.botIntent.sendMessage(room, MatrixContent.message(text, msgtype: .notice))
        } catch {
            logger.warning("could not tell the admins", metadata: ["error": "\(error)"])
        }
    }

    private func topic(_ agent: String, _ definition: AgentDefinition?, text: Localizer) -> String {
        let role = definition?.systemPrompt?.split(separator: "\n").first.map(String.init) ?? ""
        let provider = definition?.provider ?? "?"
        return role.isEmpty ? text.agentRoomTopic(agent, provider: provider) : "\(role) — \(provider)"
    }
}
