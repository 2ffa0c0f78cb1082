import Agents
import Automation
import Foundation

/// `!heartbeat`: one per chat, asks its agent on a schedule whether anything needs saying, and posts only the
/// answers that say something (see `HeartbeatMarker`).
enum HeartbeatCommands {
    static func spec(automation: AutomationServices?, runtime: AgentRuntime) -> CommandSpec {
        CommandSpec("heartbeat", section: "Automation", arguments: "[on [@AGENT] every N(m|h) [quiet HH-HH] [tz=ZONE] [-- PROMPT] | off]",
                    summary: "let the agent check in on a schedule and speak only when there is something to report") { context in
            guard let automation else { return CommandReply(context.text.heartbeatsUnavailable) }
            guard let chat = ChatAddress(stored: context.chat) else { return CommandReply(context.text.heartbeatsNoChat) }
            let rest = context.rest.trimmingCharacters(in: .whitespaces)
            let action = rest.split(whereSeparator: \.isWhitespace).first?.lowercased() ?? "status"
            if action != "status", !automation.mayChange(context.level) {
                return CommandReply(automation.refusal(.heartbeats, list: "\(context.prefix)heartbeat", text: context.text))
            }
            switch action {
            case "status": return try await status(chat, automation: automation, prefix: context.prefix, text: context.text)
            case "on": return try await on(context, chat: chat, automation: automation, runtime: runtime, rest: rest.dropFirst("on".count))
            case "off":
                guard let heartbeat = try await automation.jobs.jobs(in: chat, kind: .heartbeat).first else {
                    return CommandReply(context.text.heartbeatNone)
                }
                try await automation.jobs.delete(heartbeat.id)
                return CommandReply(context.text.heartbeatOff(running: await automation.scheduler.isRunning(heartbeat.id)))
            default: throw CommandUsageError()
            }
        }
    }

    private static func on(_ context: CommandContext, chat: ChatAddress, automation: AutomationServices, runtime: AgentRuntime,
                           rest: Substring) async throws -> CommandReply {
        let arguments = try await AutomationArguments(rest, chatAgent: context.agent, runtime: runtime, text: context.text)
        var words = arguments.head.split(whereSeparator: \.isWhitespace).map(String.init)
        var quiet: QuietHours?
        do {
            if let index = words.firstIndex(where: { $0.lowercased() == "quiet" }) {
                guard index + 1 < words.count else { throw ScheduleError.quietHoursSyntax }
                quiet = try QuietHours(parsing: words[index + 1])
                words.removeSubrange(index...(index + 1))
            }
            guard words.first?.lowercased() == "every" else {
                throw CommandUsageError(context.text.heartbeatHowOften(example: "\(context.prefix)heartbeat on every 30m quiet 22-07"))
            }
            let schedule = try Schedule.parse(words.joined(separator: " "), defaultZone: automation.zone)
            let now = automation.now()
            let text = words.filter { !$0.lowercased().hasPrefix("tz=") }.joined(separator: " ")
            let prompt = arguments.prompt.flatMap { $0.isEmpty ? nil : $0 } ?? ""
            let heartbeat = ScheduledJob(id: ScheduledJob.newID(.heartbeat), kind: .heartbeat, agent: arguments.agent, chat: chat,
                                         schedule: schedule, scheduleText: text, prompt: prompt, createdBy: context.sender, createdAt: now,
                                         nextDue: schedule.next(after: now, anchor: now), paused: false, lastRunAt: nil, quiet: quiet)
            try await automation.jobs.setHeartbeat(heartbeat)
            await automation.scheduler.changed()
            return CommandReply(context.text.heartbeatOn(describe(heartbeat, text: context.text), agent: arguments.agent))
        } catch let error as ScheduleError {
            throw CommandUsageError(context.text.heartbeatBroken(context.text.schedule(error)))
        }
    }

    private static func status(_ chat: ChatAddress, automation: AutomationServices, prefix: String, text: Localizer) async throws -> CommandReply {
        guard let heartbeat = try await automation.jobs.jobs(in: chat, kind: .heartbeat).first else {
            return CommandReply(text.heartbeatNoneStart(example: "\(prefix)heartbeat on every 30m quiet 22-07"))
        }
        return CommandReply(text.heartbeatStatus(describe(heartbeat, text: text),
                                                 next: heartbeat.nextDue.map { CronCommands.when($0, heartbeat.schedule.zone) },
                                                 last: heartbeat.lastRunAt.map { CronCommands.when($0, heartbeat.schedule.zone) }))
    }

    static func describe(_ heartbeat: ScheduledJob, text: Localizer = Localizer()) -> String {
        var parts = ["\(heartbeat.agent), \(heartbeat.schedule)"]
        if let quiet = heartbeat.quiet { parts.append(text.heartbeatQuiet("\(quiet)", zone: heartbeat.schedule.zone.identifier)) }
        if !heartbeat.prompt.isEmpty { parts.append(text.heartbeatChecking(heartbeat.prompt.clipped(80))) }
        return parts.joined(separator: ", ")
    }
}

/// What a heartbeat asks its agent.
enum HeartbeatPrompt {
    static func text(_ task: String) -> String {
        let what = task.isEmpty ? "Check whether anything here needs the chat's attention." : task
        return "💓 Heartbeat. \(what)\n\nIf there is nothing worth reporting, answer exactly \(HeartbeatMarker.nothingToReport) and nothing else."
    }
}
