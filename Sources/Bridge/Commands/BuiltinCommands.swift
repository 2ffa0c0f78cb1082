import Agents
import Foundation

/// The command set shared by every transport.
public enum BuiltinCommands {
    public static let sections = ["Conversation", "Agents", "Automation", "Admin", "Other"]

    /// - Parameters:
    ///   - sessions: where `!session` keeps named sessions; nil turns those commands into a notice.
    ///   - runs, questions: for `!runs` and `!tasks`; nil turns those into a notice.
    static func table(host: any CommandHost, sessions: (any NamedSessionStore)? = nil, runs: RunManager? = nil,
                      questions: PendingQuestions? = nil, automation: AutomationServices? = nil) -> CommandTable {
        var specs: [CommandSpec] = [CronCommands.spec(automation: automation, runtime: host.runtime),
                                    HeartbeatCommands.spec(automation: automation, runtime: host.runtime)]
        specs.append(WebhookCommands.spec(automation: automation, runtime: host.runtime))
        // The table answers `help` itself: it knows every command and the asker's level.
        specs.append(CommandSpec("help", section: "Other", level: .none, summary: "this list") { _ in CommandReply("") })
        specs.append(CommandSpec("ping", section: "Other", summary: "check that Troupe answers") { _ in CommandReply("pong") })
        specs.append(LanguageCommand.spec)
        specs.append(CommandSpec("status", section: "Conversation", summary: "agent, provider, model, session, tokens, cost, queue") { context in
            guard let status = await host.runtime.status(agent: context.agent, chat: ChatKey(context.chat)) else {
                return CommandReply(context.text.noAgentNamed(context.agent))
            }
            return CommandReply(render(status, text: context.text))
        })
        specs.append(CommandSpec("new", section: "Conversation", summary: "start a fresh session (the old one is kept by the provider)") { context in
            await host.runtime.newSession(agent: context.agent, chat: ChatKey(context.chat))
            return CommandReply(context.text.newSession(agent: context.agent))
        })
        specs.append(CommandSpec("stop", section: "Conversation", summary: "kill the running turn and drop the queue") { context in
            let outcome = await host.runtime.stop(agent: context.agent, chat: ChatKey(context.chat))
            return CommandReply(describe(outcome, agent: context.agent, text: context.text))
        })
        specs.append(CommandSpec("interrupt", section: "Conversation", summary: "interrupt the running turn, keep the queue") { context in
            let interrupted = await host.runtime.interrupt(agent: context.agent, chat: ChatKey(context.chat))
            return CommandReply(interrupted ? context.text.interrupted(agent: context.agent) : context.text.notWorkingOn(agent: context.agent))
        })
        specs += ModelCommands.specs(runtime: host.runtime)
        specs += SessionCommands.specs(host: host, store: sessions)
        specs += RunCommands.specs(runs: runs, questions: questions)
        specs.append(CommandSpec("agents", section: "Agents", arguments: "[add NAME [--provider P] [--model M] [--displayname D] | remove NAME [--purge]]",
                                 summary: "list agents; admins add and remove them") { context in
            try await agentsCommand(context, host: host)
        })
        specs.append(CommandSpec("where", section: "Agents", summary: "the rooms each agent is in") { context in
            let rooms = await host.whereabouts(text: context.text)
            guard !rooms.isEmpty else { return CommandReply(context.text.whereNobody) }
            return CommandReply(rooms.keys.sorted().map { agent in
                "- **\(agent)**: " + (rooms[agent]!.isEmpty ? context.text.whereNoRooms : rooms[agent]!.joined(separator: ", "))
            }.joined(separator: "\n"))
        })
        specs.append(CommandSpec("leave", section: "Agents", summary: "make the agent leave this room") { context in
            CommandReply(try await host.leave(agent: context.agent, chat: context.chat, text: context.text))
        })
        specs.append(CommandSpec("crypto", section: "Admin", level: .admin, arguments: "[trust @user:server]",
                                 summary: "each agent's encryption device; `trust` accepts a user's new cross-signing identity") { context in
            if context.arguments.first == "trust" {
                guard context.arguments.count == 2 else { throw CommandUsageError() }
                return CommandReply(await host.trustIdentity(of: context.arguments[1], text: context.text))
            }
            return CommandReply(await host.cryptoStatus(text: context.text))
        })
        specs.append(CommandSpec("stop_all", aliases: ["stopall"], section: "Admin", level: .admin, summary: "stop every agent's work everywhere") { context in
            await host.runtime.stopAll()
            return CommandReply(context.text.stoppedEverything)
        })
        return CommandTable(specs, sections: sections)
    }

    static func render(_ status: ConversationStatus, text: Localizer = Localizer()) -> String {
        let cost = String(format: "$%.4f", status.costUSD)
        return text.statusBody(agent: status.agent, state: status.busy ? text.statusWorking : text.statusIdle, provider: status.provider,
                               model: status.model ?? text.statusDefaultModel, session: status.sessionID ?? text.statusNewSession,
                               input: status.usage.inputTokens, output: status.usage.outputTokens, turns: status.turns, cost: cost,
                               queue: status.queueLength)
    }

    static func describe(_ outcome: StopOutcome, agent: String, text: Localizer = Localizer()) -> String {
        switch (outcome.stoppedRunning, outcome.droppedQueued) {
        case (false, 0): return text.stopNothing(agent: agent)
        case (true, 0): return text.stoppedTurn(agent: agent)
        case (false, let dropped): return text.droppedQueued(dropped, agent: agent)
        case (true, let dropped): return text.stoppedAndDropped(dropped, agent: agent)
        }
    }

    static func agentsCommand(_ context: CommandContext, host: any CommandHost) async throws -> CommandReply {
        var arguments = context.arguments
        guard let verb = arguments.first?.lowercased() else {
            let agents = await host.runtime.agents()
            var lines: [String] = []
            for name in agents.keys.sorted() {
                let definition = agents[name]!
                lines.append("- **\(name)** (\(definition.provider)\(definition.model.map { ", \($0)" } ?? "")): \(await host.health(of: name, text: context.text))")
            }
            return CommandReply(lines.joined(separator: "\n"))
        }
        arguments.removeFirst()
        guard context.level >= .admin else {
            return CommandReply(context.text.agentsNeedAdmin(context.prefix + "agents " + verb))
        }
        switch verb {
        case "add":
            guard let name = arguments.first else { throw CommandUsageError() }
            let flags = try parseFlags(Array(arguments.dropFirst()), allowed: ["provider", "model", "displayname"], switches: [], text: context.text)
            guard await host.runtime.agents()[name] == nil else { return CommandReply(context.text.agentExists(name)) }
            var definition = AgentDefinition()
            if let provider = flags["provider"] { definition.provider = provider }
            definition.model = flags["model"]
            definition.displayname = flags["displayname"]
            do {
                try await host.runtime.addAgent(name, definition)
            } catch {
                throw CommandUsageError(context.text.error(error))
            }
            return CommandReply(try await host.agentAdded(name, requester: context.sender, text: context.text))
        case "remove":
            guard let name = arguments.first else { throw CommandUsageError() }
            let flags = try parseFlags(Array(arguments.dropFirst()), allowed: [], switches: ["purge"], text: context.text)
            guard name != AgentsConfiguration.mainAgentName else { return CommandReply(context.text.mainAgentStays) }
            guard await host.runtime.agents()[name] != nil else { return CommandReply(context.text.noAgentCalled(name)) }
            do {
                try await host.runtime.removeAgent(name, purge: flags["purge"] != nil)
            } catch {
                return CommandReply(context.text.cannotRemove(name, error: context.text.error(error)))
            }
            return CommandReply(try await host.agentRemoved(name, purge: flags["purge"] != nil, text: context.text))
        default:
            throw CommandUsageError(context.text.unknownSubcommand(verb))
        }
    }

    /// `--key value` pairs and `--switch` flags; anything else is a usage error.
    static func parseFlags(_ arguments: [String], allowed: Set<String>, switches: Set<String>,
                           text: Localizer = Localizer()) throws -> [String: String] {
        var flags: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--") else { throw CommandUsageError(text.unexpectedArgument(argument)) }
            let key = String(argument.dropFirst(2)).lowercased()
            if switches.contains(key) {
                flags[key] = "true"
                index += 1
            } else if allowed.contains(key), index + 1 < arguments.count {
                flags[key] = arguments[index + 1]
                index += 2
            } else {
                throw CommandUsageError(text.unknownOption(argument))
            }
        }
        return flags
    }
}
