import Agents
import Foundation

/// Commands on Telegram: the shared command table plus `/start` and `/agent`, and the command menu registered
/// with `setMyCommands`.
extension TelegramBridge {
    /// The shared command table plus Telegram's own `/start` and `/agent`.
    static func makeCommands(runtime: AgentRuntime, api: TelegramBotAPI, store: TelegramStore, fixedAgent: String?,
                             runs: RunManager? = nil, sessions: NamedSessionStore? = nil, automation: AutomationServices? = nil) -> CommandTable {
        let base = BuiltinCommands.table(host: TelegramCommandHost(runtime: runtime, api: api, store: store), sessions: sessions,
                                         runs: runs, automation: automation)
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
