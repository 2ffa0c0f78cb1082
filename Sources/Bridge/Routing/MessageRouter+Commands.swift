import Agents

/// Commands and their answers, menus included.
extension MessageRouter {
    /// A command and the agent it acts as.
    struct AddressedCommand {
        var command: ChatCommand
        var responder: String
    }

    /// The command a message holds, if it is one and counts here: written with the transport's prefix, and in a
    /// group room (where transports need it) addressed to an agent by a mention, a reply, `@name` or its name after
    /// the prefix (`!coder status`). It acts as the agent so addressed, else the main agent, else the first here.
    func command(in message: IncomingMessage, for audience: Audience, among here: [String]) -> AddressedCommand? {
        let prefix = transport.commandPrefix
        let text = audience.agents.count == 1 ? (audience.prompts[audience.agents[0]] ?? message.text) : message.text
        guard let parsed = ChatCommand.parse(text, prefix: prefix) else { return nil }
        if let (agent, inner) = parsed.addressed(among: here, prefix: prefix) { return AddressedCommand(command: inner, responder: agent) }
        if transport.groupCommandsNeedAddress, !audience.addressed { return nil }
        let responder = audience.agents.first ?? here.first { $0 == AgentsConfiguration.mainAgentName } ?? here[0]
        return AddressedCommand(command: parsed, responder: responder)
    }

    func run(_ command: ChatCommand, from message: IncomingMessage, responder: String) async {
        let context = CommandContext(sender: message.sender.id, level: message.sender.level, chat: message.chat.stored,
                                     agent: responder, prefix: transport.commandPrefix, text: await self.text(for: message.chat),
                                     languages: languages)
        let reply = message.sender.level == .none
            ? CommandReply(await refusal(for: message.sender, in: message.chat))
            : await transport.commands.execute(command, context: context)
        await post(reply, answering: message, replyTo: message.id, as: responder)
        if let turn = reply.turn { await startTurn(turn, for: message, fallback: responder) }
    }

    /// A command's answer as a notice replying to the message; its menu, if any, below the text.
    func post(_ reply: CommandReply, answering message: IncomingMessage, replyTo: MessageID?, as agent: String) async {
        let surface = await transport.surface(for: message.chat, as: agent, fallback: AgentsConfiguration.mainAgentName)
        var options = SendOptions(notice: true, replyTo: replyTo, key: .answering(message.id, purpose: "command"))
        let localizer = await self.text(for: message.chat)
        var text = reply.text.isEmpty ? localizer.done : reply.text
        if var menu = reply.menu {
            menu.title = [reply.text, menu.title].filter { !$0.isEmpty }.joined(separator: "\n\n")
            menu.poster = surface.speaker
            let token = MenuRegistry.newToken()
            await menus.register(menu, token: token, chat: message.chat)
            options.menu = (token, menu)
            text = surface.text(of: menu, in: localizer)
        }
        do {
            try await surface.post(text, options, menus: menus)
        } catch {
            logger.warning("could not post a command's answer", metadata: ["chat": "\(message.chat)", "error": "\(error)"])
        }
    }
}
