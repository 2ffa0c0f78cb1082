import Agents
import Foundation

/// `!runs` and `!tasks`: the sub-agent runs started from a chat, to watch, steer, kill and answer. A run
/// belongs to the chat its outermost request came from (also through synchronous asks in between).
enum RunCommands {
    static func specs(runs: RunManager?, questions: PendingQuestions?) -> [CommandSpec] {
        [
            CommandSpec("runs", section: "Agents", arguments: "[all | info ID | kill ID|all | steer ID TEXT]",
                        summary: "sub-agent runs started from this chat: state, age, tokens; kill, inspect or steer them") { context in
                guard let runs else { return CommandReply(context.text.runsUnavailable) }
                return try await runsCommand(context, runs: runs)
            },
            CommandSpec("tasks", section: "Agents", arguments: "[cancel ID | answer ID TEXT]",
                        summary: "background tasks agents started from this chat, and their questions to you") { context in
                guard let runs else { return CommandReply(context.text.tasksUnavailable) }
                return try await tasksCommand(context, runs: runs, questions: questions)
            },
        ]
    }

    /// The user's chat a run chat key leads back to (through synchronous asks and named sessions).
    static func originChat(_ chat: ChatKey) -> String { ChatAddress.origin(of: chat).stored }

    private static func visible(_ runs: RunManager, _ context: CommandContext, everywhere: Bool = false) async throws -> [Run] {
        try await runs.list().filter { everywhere || originChat($0.rootChat) == context.chat }
    }

    private static func find(_ raw: String, _ runs: RunManager, _ context: CommandContext) async throws -> Run {
        guard let run = try await runs.run(RunID(rawValue: raw)),
              originChat(run.rootChat) == context.chat || context.level >= .admin
        else { throw CommandUsageError(context.text.noRunHere(raw, list: context.prefix + "runs")) }
        return run
    }

    private static func runsCommand(_ context: CommandContext, runs: RunManager) async throws -> CommandReply {
        // A menu pick arrives as one argument ("kill r1"); typed, it is several.
        let words = context.arguments.count == 1 ? context.arguments[0].split(separator: " ").map(String.init) : context.arguments
        switch words.first?.lowercased() {
        case nil, "all":
            let everywhere = words.first?.lowercased() == "all"
            if everywhere && context.level < .admin { return CommandReply(context.text.agentsNeedAdmin(context.prefix + "runs all")) }
            let list = Array(try await visible(runs, context, everywhere: everywhere).prefix(20))
            guard !list.isEmpty else { return CommandReply(everywhere ? context.text.runsNone : context.text.runsNoneHere) }
            var options: [OptionMenu.Option] = []
            for run in list.prefix(5) {
                if run.state.isActive { options.append(OptionMenu.Option(context.text.runKillOption("\(run.id)"), value: "kill \(run.id)")) }
                options.append(OptionMenu.Option(context.text.runInfoOption("\(run.id)"), value: "info \(run.id)"))
            }
            let menu = OptionMenu(title: "", options: Array(options.prefix(10)), purpose: .command("runs"), owner: context.sender)
            return CommandReply((everywhere ? context.text.runsHeader : context.text.runsHeaderHere) + "\n"
                + list.map { line($0, text: context.text) }.joined(separator: "\n"), menu: menu)
        case "info":
            guard words.count == 2 else { throw CommandUsageError() }
            return CommandReply(details(try await find(words[1], runs, context), text: context.text))
        case "kill":
            guard words.count == 2 else { throw CommandUsageError() }
            if words[1].lowercased() == "all" {
                var ended: [Run] = []
                for run in try await visible(runs, context) where run.state.isActive && run.parent == nil {
                    ended += try await runs.kill(run.id, notify: true)
                }
                return CommandReply(ended.isEmpty ? context.text.runsNoneUnfinished : context.text.runsKilled(ended.count))
            }
            let run = try await find(words[1], runs, context)
            guard run.state.isActive else { return CommandReply(context.text.runAlreadyEnded("\(run.id)", state: context.text.runState(run.state))) }
            let ended = try await runs.kill(run.id, notify: true)
            return CommandReply(context.text.runKilled("\(run.id)", below: ended.count - 1))
        case "steer":
            guard words.count >= 3 else { throw CommandUsageError() }
            let run = try await find(words[1], runs, context)
            // Said here in the chat's language; the run manager's own refusal (for a run that ends meanwhile) is English.
            guard run.state.isActive else { return CommandReply(context.text.runAlreadyEnded("\(run.id)", state: context.text.runState(run.state))) }
            do {
                try await runs.steer(run.id, words.dropFirst(2).joined(separator: " "))
            } catch let error as RunError {
                return CommandReply(context.text.runSteerFailed("\(run.id)", error: error.message))
            }
            return CommandReply(context.text.runSteered("\(run.id)"))
        default:
            throw CommandUsageError()
        }
    }

    private static func tasksCommand(_ context: CommandContext, runs: RunManager, questions: PendingQuestions?) async throws -> CommandReply {
        let words = context.arguments.count == 1 ? context.arguments[0].split(separator: " ").map(String.init) : context.arguments
        switch words.first?.lowercased() {
        case nil:
            let tasks = try await visible(runs, context).filter(\.state.isActive)
            let waiting = await questions?.open(in: context.chat) ?? []
            guard !tasks.isEmpty || !waiting.isEmpty else { return CommandReply(context.text.tasksNone) }
            var lines = tasks.map { line($0, text: context.text) }
            for question in waiting {
                lines.append(context.text.taskWaiting(run: "\(question.run)", agent: question.agent, question: question.text,
                                                      command: context.prefix + "tasks answer"))
            }
            let menu = tasks.isEmpty ? nil : OptionMenu(
                title: "", options: tasks.prefix(10).map { OptionMenu.Option(context.text.taskCancelOption("\($0.id)"), value: "cancel \($0.id)") },
                purpose: .command("tasks"), owner: context.sender)
            return CommandReply(context.text.tasksHeader + "\n" + lines.joined(separator: "\n"), menu: menu)
        case "cancel":
            guard words.count == 2 else { throw CommandUsageError() }
            let run = try await find(words[1], runs, context)
            guard run.state.isActive else { return CommandReply(context.text.taskAlreadyEnded("\(run.id)", state: context.text.runState(run.state))) }
            try await runs.kill(run.id, notify: true)
            return CommandReply(context.text.taskCancelled("\(run.id)"))
        case "answer":
            guard words.count >= 3 else { throw CommandUsageError() }
            let id = RunID(rawValue: words[1])
            guard let question = await questions?.answer(run: id, in: context.chat, with: words.dropFirst(2).joined(separator: " ")) else {
                return CommandReply(context.text.taskNotWaiting("\(id)"))
            }
            return CommandReply(context.text.answerPassed(run: "\(question.run)", agent: question.agent))
        default:
            throw CommandUsageError()
        }
    }

    private static func line(_ run: Run, text: Localizer) -> String {
        text.runLine(run: "\(run.id)", agent: run.agent, state: text.runState(run.state), age: text.age(since: run.createdAt, seconds: true),
                     tokens: run.usage.inputTokens + run.usage.outputTokens, parent: run.parent.map { "\($0)" }, task: run.task.clipped(80))
    }

    private static func details(_ run: Run, text: Localizer) -> String {
        let age = text.age(since: run.createdAt, seconds: true)
        var lines = [
            text.runDetailsHeader("\(run.id)", agent: run.agent, state: text.runState(run.state)),
            text.runAskedBy(run.routing.agent, for: run.routing.user, age: age),
            text.runTask(run.task),
            text.runTokens(input: run.usage.inputTokens, output: run.usage.outputTokens) + (run.costUSD > 0 ? String(format: ", $%.4f", run.costUSD) : ""),
        ]
        if let parent = run.parent { lines.append(text.runParent("\(parent)", depth: run.depth)) }
        if let provider = run.provider { lines.append(text.runProvider(provider, model: run.model)) }
        if let error = text.runError(run) { lines.append("- \(error)") }
        if let result = run.result, !result.isEmpty {
            lines.append(text.runResult(result.clipped(1000)))
        }
        if run.delivery == .deliveryFailed { lines.append(text.runDeliveryFailed(run.deliveryError)) }
        return lines.joined(separator: "\n")
    }
}
