import Agents
import Foundation

/// Commands on Telegram: the shared command table (plus `/start` and `/agent`), answers with their menus
/// as inline keyboards, and the command menu registered with `setMyCommands`.
extension TelegramBridge {
    func runCommand(_ command: ChatCommand, from: TelegramUser, ref: TelegramChatRef, replyTo: Int64) async throws {
        let context = CommandContext(sender: Self.userKey(from), level: .user, chat: ref.key, agent: await agent(of: ref), prefix: "/")
        let result = await commands.execute(command, context: context)
        try await post(result, ref: ref, replyTo: replyTo, owner: from)
        if let turn = result.turn {
            await startTurn(agent: turn.agent, text: turn.text, attachments: [], ref: ref, replyTo: replyTo, asker: from,
                            showAgentName: fixedAgent == nil && turn.agent != AgentsConfiguration.mainAgentName,
                            chat: ChatKey(turn.chat), label: turn.label)
        }
    }

    /// A command's answer, with its menu as an inline keyboard.
    func post(_ result: CommandReply, ref: TelegramChatRef, replyTo: Int64?, owner: TelegramUser) async throws {
        guard let menu = result.menu else {
            try await reply(ref, to: replyTo, markdown: result.text.isEmpty ? "Done." : result.text)
            return
        }
        mirror?.agentSaid(TelegramMirror.menuText(OptionMenu(title: [result.text, menu.title].filter { !$0.isEmpty }.joined(separator: "\n\n"),
                                                             options: menu.options, purpose: menu.purpose, owner: nil)),
                          agent: fixedAgent ?? AgentsConfiguration.mainAgentName, in: ref, notice: true)
        let token = TelegramKeyboard.newToken()
        let markdown = [result.text, menu.title].filter { !$0.isEmpty }.joined(separator: "\n\n")
        var registered = menu
        registered.title = markdown
        await menus.register(registered, messageID: Self.menuKey(chatID: ref.chatID, token: token), chat: ref.key)
        let sent = try await api.sendMessage(chatID: ref.chatID, html: Self.menuHTML(markdown, menu: menu), threadID: ref.threadID,
                                             replyTo: replyTo, keyboard: TelegramKeyboard.markup(for: menu, token: token))
        await menuMessages.set(sent.messageID, token: token)
    }

    static func menuHTML(_ markdown: String, menu: OptionMenu) -> String {
        let page = menu.pageCount > 1 ? "\n\n<i>Page \(menu.page + 1) of \(menu.pageCount)</i>" : ""
        return TelegramSplitter.split(TelegramHTML.render(markdown)).first.map { $0 + page } ?? "Choose:"
    }

    /// Sends Markdown as one or more messages, the first replying to `to`.
    func reply(_ ref: TelegramChatRef, to messageID: Int64?, markdown: String) async throws {
        mirror?.agentSaid(markdown, agent: fixedAgent ?? AgentsConfiguration.mainAgentName, in: ref, notice: true)
        for (index, part) in TelegramSplitter.split(TelegramHTML.render(markdown)).enumerated() {
            _ = try await api.sendMessage(chatID: ref.chatID, html: part, threadID: ref.threadID, replyTo: index == 0 ? messageID : nil)
        }
    }

    /// The shared command table plus Telegram's own `/start` and `/agent`.
    static func makeCommands(runtime: AgentRuntime, api: TelegramBotAPI, store: TelegramStore, fixedAgent: String?,
                             runs: RunManager? = nil, sessions: NamedSessionStore? = nil) -> CommandTable {
        let base = BuiltinCommands.table(host: TelegramCommandHost(runtime: runtime, api: api, store: store), sessions: sessions,
                                         runs: runs)
        var specs = base.specs
        specs.append(CommandSpec("start", section: "Other", level: .none, summary: "greeting and how to begin") { [fixedAgent] context in
            CommandReply("Hi! Messages here go to **\(fixedAgent ?? context.agent)**. Send `/help` for the commands.")
        })
        specs.append(CommandSpec("agent", section: "Agents", arguments: "[NAME]", summary: "show or switch the agent this chat talks to") {
            [runtime, store, fixedAgent] context in
            if let fixedAgent { return CommandReply("This is \(fixedAgent)'s own bot; it always talks to \(fixedAgent).") }
            let agents = await runtime.agents().keys.sorted()
            guard let name = context.arguments.first?.lowercased() else {
                let menu = OptionMenu(title: "This chat talks to **\(context.agent)**. Switch to:",
                                      options: agents.map { OptionMenu.Option($0) }, purpose: .command("agent"), owner: context.sender)
                return CommandReply("", menu: menu)
            }
            guard context.arguments.count == 1 else { throw CommandUsageError() }
            guard agents.contains(name) else {
                return CommandReply("There is no agent named \(name). Agents: \(agents.joined(separator: ", ")).")
            }
            try await store.setAgent(name, ofChat: context.chat)
            return CommandReply(name == AgentsConfiguration.mainAgentName
                ? "This chat talks to **main** again."
                : "This chat now talks to **\(name)**. `/agent main` switches back.")
        })
        return CommandTable(specs, sections: base.sections)
    }

    /// The command menu Telegram clients offer after "/": everything a user may run. Admin commands
    /// stay out of it (they still work for those allowed).
    static func menuCommands(from table: CommandTable) -> [TelegramBotCommand] {
        table.specs.filter { $0.level <= .user && $0.name != "start" }.compactMap { spec in
            guard spec.name.count <= 32, spec.name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else { return nil }
            let description = spec.summary.isEmpty ? spec.name : String(spec.summary.prefix(256))
            return TelegramBotCommand(command: spec.name, description: description)
        }
    }
}
