import Agents

/// Commands and their answers, menus included.
extension MessageRouter {
    func run(_ command: ChatCommand, from message: IncomingMessage, responder: String) async {
        let context = CommandContext(sender: message.sender.id, level: message.sender.level, chat: message.chat.stored,
                                     agent: responder, prefix: transport.commandPrefix)
        let reply = message.sender.level == .none
            ? CommandReply(refusal(for: message.sender))
            : await transport.commands.execute(command, context: context)
        await post(reply, answering: message, replyTo: message.id, as: responder)
        if let turn = reply.turn { await startTurn(turn, for: message, fallback: responder) }
    }

    /// A command's answer as a notice replying to the message; its menu, if any, below the text.
    func post(_ reply: CommandReply, answering message: IncomingMessage, replyTo: MessageID?, as agent: String) async {
        let surface = await transport.surface(for: message.chat, as: agent, fallback: AgentsConfiguration.mainAgentName)
        var options = SendOptions(notice: true, replyTo: replyTo, key: .answering(message.id, purpose: "command"))
        var text = reply.text.isEmpty ? "Done." : reply.text
        if var menu = reply.menu {
            menu.title = [reply.text, menu.title].filter { !$0.isEmpty }.joined(separator: "\n\n")
            menu.poster = surface.speaker
            let token = MenuRegistry.newToken()
            await menus.register(menu, token: token, chat: message.chat)
            options.menu = (token, menu)
            text = surface.text(of: menu)
        }
        do {
            try await surface.post(text, options, menus: menus)
        } catch {
            logger.warning("could not post a command's answer", metadata: ["chat": "\(message.chat)", "error": "\(error)"])
        }
    }
}
