import Agents
import Foundation

/// Commands on Telegram: the shared command table plus `/start` and `/agent`, and the command menu registered
/// with `setMyCommands`.
extension TelegramBridge {
    /// The shared command table plus Telegram's own `/start` and `/agent`.
    static func makeCommands(runtime: AgentRuntime, api: TelegramBotAPI, store: any TelegramStore, fixedAgent: String?,
                             runs: RunManager? = nil, sessions: (any NamedSessionStore)? = nil, automation: AutomationServices? = nil) -> CommandTable {
        let base = BuiltinCommands.table(host: TelegramCommandHost(runtime: runtime, api: api, store: store), sessions: sessions,
                                         runs: runs, automation: automation)
        var specs = base.specs
        specs.append(CommandSpec("start", section: "Other", level: .none, summary: "greeting and how to begin") { [fixedAgent] context in
            CommandReply(context.text.telegramStart(agent: fixedAgent ?? context.agent, help: context.prefix + "help"))
        })
        specs.append(CommandSpec("agent", section: "Agents", arguments: "[NAME]", summary: "show or switch the agent this chat talks to") {
            [runtime, store, fixedAgent] context in
            if let fixedAgent { return CommandReply(context.text.agentOwnBot(fixedAgent)) }
            let agents = await runtime.agents().keys.sorted()
            guard let name = context.arguments.first?.lowercased() else {
                let menu = OptionMenu(title: context.text.agentMenu(context.agent),
                                      options: agents.map { OptionMenu.Option($0) }, purpose: .command("agent"), owner: context.sender)
                return CommandReply("", menu: menu)
            }
            guard context.arguments.count == 1 else { throw CommandUsageError() }
            guard agents.contains(name) else {
                return CommandReply(context.text.noAgentNamed(name, agents: agents))
            }
            try await store.setAgent(name, ofChat: context.chat)
            return CommandReply(name == AgentsConfiguration.mainAgentName
                ? context.text.agentMainAgain
                : context.text.agentSwitched(name, back: context.prefix + "agent main"))
        })
        return CommandTable(specs, sections: base.sections)
    }

    /// The command menu Telegram clients offer after "/": everything a user may run. Admin commands
    /// stay out of it (they still work for those allowed).
    static func menuCommands(from table: CommandTable, text: Localizer = Localizer()) -> [TelegramBotCommand] {
        table.specs.filter { $0.level <= .user && $0.name != "start" }.compactMap { spec in
            guard spec.name.count <= 32, spec.name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else { return nil }
            let summary = text.summary(of: spec)
            let description = summary.isEmpty ? spec.name : String(summary.prefix(256))
            return TelegramBotCommand(command: spec.name, description: description)
        }
    }
}
