import Agents
import Automation
import Foundation

/// `!cron`: jobs that ask an agent on a schedule and post its answer where they were made.
public enum CronCommands {
    static func spec(automation: AutomationServices?, runtime: AgentRuntime) -> CommandSpec {
        CommandSpec("cron", section: "Automation", arguments: "[add [@AGENT] SCHEDULE -- PROMPT | list | pause|resume|delete|run ID]",
                    summary: "scheduled jobs: cron (`0 9 * * 1-5`), `every 10m` or `at 2026-12-24 18:00`, answered in this chat") { context in
            guard let jobs = automation else { return CommandReply(context.text.jobsUnavailable) }
            let words = context.rest.split(whereSeparator: \.isWhitespace).map(String.init)
            let action = words.first?.lowercased() ?? "list"
            if action != "list", !jobs.mayChange(context.level) {
                return CommandReply(jobs.refusal(.jobs, list: "\(context.prefix)cron list", text: context.text))
            }
            switch action {
            case "add": return try await add(context, jobs: jobs, runtime: runtime)
            case "list": return try await list(context, jobs: jobs)
            case "pause", "resume", "delete", "run":
                guard words.count == 2 else { throw CommandUsageError() }
                return try await change(action, id: words[1], context: context, jobs: jobs)
            default: throw CommandUsageError()
            }
        }
    }

    private static func add(_ context: CommandContext, jobs: AutomationServices, runtime: AgentRuntime) async throws -> CommandReply {
        let arguments = try await AutomationArguments(context.rest.trimmingCharacters(in: .whitespaces).dropFirst("add".count),
                                                      chatAgent: context.agent, runtime: runtime, text: context.text)
        guard let prompt = arguments.prompt else {
            throw CommandUsageError(context.text.cronPromptMissing(example: "\(context.prefix)cron add every 1h -- check the build"))
        }
        guard !prompt.isEmpty else { throw CommandUsageError(context.text.cronPromptEmpty) }
        guard let chat = ChatAddress(stored: context.chat) else { return CommandReply(context.text.jobsNoChat) }
        do {
            let job = try await addJob(arguments.head, prompt: prompt, agent: arguments.agent, chat: chat, by: context.sender, jobs: jobs)
            return CommandReply(added(job, text: context.text))
        } catch let error as ScheduleError {
            throw CommandUsageError(context.text.scheduleBroken(context.text.schedule(error)))
        }
    }

    /// Makes and stores a job from the schedule as written (`every 1h tz=Europe/Berlin`), for `!cron add` and an
    /// agent's `schedule_add`. Throws `ScheduleError` for a schedule that does not work or has no run left.
    static func addJob(_ scheduleText: String, prompt: String, agent: String, chat: ChatAddress, by sender: String,
                       jobs: AutomationServices) async throws -> ScheduledJob {
        let schedule = try Schedule.parse(scheduleText, defaultZone: jobs.zone)
        let now = jobs.now()
        guard let next = schedule.next(after: now, anchor: now) else { throw ScheduleError.passed }
        let text = scheduleText.split(whereSeparator: \.isWhitespace).filter { !$0.lowercased().hasPrefix("tz=") }.joined(separator: " ")
        let job = ScheduledJob(id: ScheduledJob.newID(), agent: agent, chat: chat, schedule: schedule, scheduleText: text, prompt: prompt,
                               createdBy: sender, createdAt: now, nextDue: next, paused: false, lastRunAt: nil)
        try await jobs.jobs.add(job)
        await jobs.scheduler.changed()
        return job
    }

    /// Also what an agent's `schedule_add` tool answers: English there, since agents read it.
    static func added(_ job: ScheduledJob, text: Localizer = Localizer()) -> String {
        text.jobAdded("\(job.id)", agent: job.agent, schedule: "\(job.schedule)", next: job.nextDue.map { when($0, job.schedule.zone) })
    }

    private static func list(_ context: CommandContext, jobs: AutomationServices) async throws -> CommandReply {
        guard let chat = ChatAddress(stored: context.chat) else { return CommandReply(context.text.jobsNone) }
        let all = try await jobs.jobs.jobs(in: chat)
        guard !all.isEmpty else { return CommandReply(context.text.jobsEmpty(example: "\(context.prefix)cron add every 1h -- PROMPT")) }
        var lines: [String] = []
        var options: [OptionMenu.Option] = []
        for job in all {
            let state = job.paused ? context.text.jobPaused : job.nextDue.map { context.text.jobNext(when($0, job.schedule.zone)) } ?? context.text.jobDone
            lines.append("- `\(job.id)` \(job.agent), \(job.schedule), \(state): \(job.prompt.clipped(80))")
            if jobs.mayChange(context.level) {
                options.append(.init(context.text.jobToggleOption("\(job.id)", paused: job.paused), value: "\(job.paused ? "resume" : "pause") \(job.id)"))
                options.append(.init(context.text.jobDeleteOption("\(job.id)"), value: "delete \(job.id)"))
            }
        }
        let text = context.text.jobsHeader + "\n" + lines.joined(separator: "\n")
        guard !options.isEmpty else { return CommandReply(text) }
        return CommandReply(text, menu: OptionMenu(title: "", options: options, purpose: .command("cron"), owner: context.sender))
    }

    private static func change(_ action: String, id: String, context: CommandContext, jobs: AutomationServices) async throws -> CommandReply {
        guard let job = try await jobs.jobs.job(id), job.kind == .cron, job.chat == ChatAddress(stored: context.chat) || context.level >= .admin else {
            return CommandReply(context.text.noJob(id, list: "\(context.prefix)cron list"))
        }
        let now = jobs.now()
        switch action {
        case "pause":
            try await jobs.jobs.setPaused(id, true, nextDue: job.nextDue)
            return CommandReply(context.text.jobPausedDone(id, running: await jobs.scheduler.isRunning(id)))
        case "resume":
            let next = job.schedule.next(after: now, anchor: job.createdAt)
            try await jobs.jobs.setPaused(id, false, nextDue: next)
            await jobs.scheduler.changed()
            return CommandReply(context.text.jobResumed(id, next: next.map { when($0, job.schedule.zone) }))
        case "delete":
            try await jobs.jobs.delete(id)
            return CommandReply(context.text.jobDeleted(id, running: await jobs.scheduler.isRunning(id)))
        default:
            return CommandReply(context.text.jobRunNow(id, started: await jobs.scheduler.runNow(job)))
        }
    }

    static func when(_ date: Date, _ zone: TimeZone) -> String {
        "\(Schedule.localFormatter(zone).string(from: date)) (\(zone.identifier))"
    }
}
