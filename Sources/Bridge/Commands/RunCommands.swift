import Agents
import Foundation

/// `!runs` and `!tasks`: the sub-agent runs started from a chat, to watch, steer, kill and answer. A run
/// belongs to the chat its outermost request came from (also through synchronous asks in between).
enum RunCommands {
    static func specs(runs: RunManager?, questions: PendingQuestions?) -> [CommandSpec] {
        [
            CommandSpec("runs", section: "Agents", arguments: "[all | info ID | kill ID|all | steer ID TEXT]",
                        summary: "sub-agent runs started from this chat: state, age, tokens; kill, inspect or steer them") { context in
                guard let runs else { return CommandReply("Runs are not available here.") }
                return try await runsCommand(context, runs: runs)
            },
            CommandSpec("tasks", section: "Agents", arguments: "[cancel ID | answer ID TEXT]",
                        summary: "background tasks agents started from this chat, and their questions to you") { context in
                guard let runs else { return CommandReply("Tasks are not available here.") }
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
        else { throw CommandUsageError("No run `\(raw)` started from this chat (see `\(context.prefix)runs`).") }
        return run
    }

    private static func runsCommand(_ context: CommandContext, runs: RunManager) async throws -> CommandReply {
        // A menu pick arrives as one argument ("kill r1"); typed, it is several.
        let words = context.arguments.count == 1 ? context.arguments[0].split(separator: " ").map(String.init) : context.arguments
        switch words.first?.lowercased() {
        case nil, "all":
            let everywhere = words.first?.lowercased() == "all"
            if everywhere && context.level < .admin { return CommandReply("Sorry, `\(context.prefix)runs all` needs the admin permission level.") }
            let list = Array(try await visible(runs, context, everywhere: everywhere).prefix(20))
            guard !list.isEmpty else { return CommandReply(everywhere ? "No runs yet." : "No runs were started from this chat.") }
            var options: [OptionMenu.Option] = []
            for run in list.prefix(5) {
                if run.state.isActive { options.append(OptionMenu.Option("Kill \(run.id)", value: "kill \(run.id)")) }
                options.append(OptionMenu.Option("Info \(run.id)", value: "info \(run.id)"))
            }
            let menu = OptionMenu(title: "", options: Array(options.prefix(10)), purpose: .command("runs"), owner: context.sender)
            return CommandReply((everywhere ? "Runs:\n" : "Runs from this chat:\n") + list.map(line).joined(separator: "\n"), menu: menu)
        case "info":
            guard words.count == 2 else { throw CommandUsageError() }
            return CommandReply(details(try await find(words[1], runs, context)))
        case "kill":
            guard words.count == 2 else { throw CommandUsageError() }
            if words[1].lowercased() == "all" {
                var ended: [Run] = []
                for run in try await visible(runs, context) where run.state.isActive && run.parent == nil {
                    ended += try await runs.kill(run.id, notify: true)
                }
                return CommandReply(ended.isEmpty ? "No run of this chat is unfinished." : "Killed \(ended.count) run\(ended.count == 1 ? "" : "s").")
            }
            let run = try await find(words[1], runs, context)
            guard run.state.isActive else { return CommandReply("Run \(run.id) already ended: \(run.state.rawValue).") }
            let ended = try await runs.kill(run.id, notify: true)
            let below = ended.count - 1
            return CommandReply("Killed run \(run.id)" + (below > 0 ? " and \(below) run\(below == 1 ? "" : "s") below it." : "."))
        case "steer":
            guard words.count >= 3 else { throw CommandUsageError() }
            let run = try await find(words[1], runs, context)
            do {
                try await runs.steer(run.id, words.dropFirst(2).joined(separator: " "))
            } catch let error as RunError {
                return CommandReply("Could not steer run \(run.id): \(error.message)")
            }
            return CommandReply("Run \(run.id) will work on that after its current step.")
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
            guard !tasks.isEmpty || !waiting.isEmpty else { return CommandReply("No background tasks are running for this chat.") }
            var lines = tasks.map(line)
            for question in waiting {
                lines.append("- ❓ `\(question.run)` (\(question.agent)) waits for your answer: \(question.text) "
                    + "— reply to its question or `\(context.prefix)tasks answer \(question.run) TEXT`")
            }
            let menu = tasks.isEmpty ? nil : OptionMenu(
                title: "", options: tasks.prefix(10).map { OptionMenu.Option("Cancel \($0.id)", value: "cancel \($0.id)") },
                purpose: .command("tasks"), owner: context.sender)
            return CommandReply("Background tasks of this chat:\n" + lines.joined(separator: "\n"), menu: menu)
        case "cancel":
            guard words.count == 2 else { throw CommandUsageError() }
            let run = try await find(words[1], runs, context)
            guard run.state.isActive else { return CommandReply("Task \(run.id) already ended: \(run.state.rawValue).") }
            try await runs.kill(run.id, notify: true)
            return CommandReply("Cancelled task \(run.id).")
        case "answer":
            guard words.count >= 3 else { throw CommandUsageError() }
            let id = RunID(rawValue: words[1])
            guard let question = await questions?.answer(run: id, in: context.chat, with: words.dropFirst(2).joined(separator: " ")) else {
                return CommandReply("Task \(id) is not waiting for an answer here.")
            }
            return CommandReply("Passed your answer to task \(question.run) (\(question.agent)).")
        default:
            throw CommandUsageError()
        }
    }

    private static func line(_ run: Run) -> String {
        let task = run.task.clipped(80)
        let tokens = run.usage.inputTokens + run.usage.outputTokens
        let nested = run.parent.map { ", under \($0)" } ?? ""
        return "- `\(run.id)` **\(run.agent)** · \(run.state.rawValue) · \(age(run.createdAt)) · \(tokens) tokens\(nested) — \(task)"
    }

    private static func details(_ run: Run) -> String {
        var lines = [
            "**Run \(run.id)** — \(run.agent), \(run.state.rawValue)",
            "- asked by \(run.routing.agent)" + (run.routing.user.map { " for \($0)" } ?? "") + ", \(age(run.createdAt)) ago",
            "- task: \(run.task)",
            "- tokens: \(run.usage.inputTokens) in, \(run.usage.outputTokens) out" + (run.costUSD > 0 ? String(format: ", $%.4f", run.costUSD) : ""),
        ]
        if let parent = run.parent { lines.append("- under run \(parent) (depth \(run.depth))") }
        if let provider = run.provider { lines.append("- provider: \(provider)" + (run.model.map { ", model \($0)" } ?? "")) }
        if let error = run.error { lines.append("- \(error)") }
        if let result = run.result, !result.isEmpty {
            lines.append("- result: " + result.clipped(1000))
        }
        if run.delivery == .deliveryFailed { lines.append("- ⚠️ delivery failed: \(run.deliveryError ?? "unknown reason")") }
        return lines.joined(separator: "\n")
    }

    private static func age(_ date: Date) -> String {
        let seconds = Int(Date().timeIntervalSince(date))
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 48 * 3600 { return "\(seconds / 3600) h" }
        return "\(seconds / 86400) days"
    }
}
