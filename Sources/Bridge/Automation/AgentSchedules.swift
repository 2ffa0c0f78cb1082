import AgentControl
import Agents
import Automation
import Foundation

/// The schedule tools (`schedule_add`, `schedule_list`, `schedule_delete`) as the control API calls them. The chat is
/// the one the calling turn answers (its token's), so an agent cannot schedule into a chat it is not in; and a job is
/// made only for a person who could have made it with `!cron add`.
enum AgentSchedules {
    /// - Parameter level: the permission level of a requester as the transports name them (`@user:server`, `telegram:<id>`).
    static func control(automation: AutomationServices, runtime: AgentRuntime,
                        level: @escaping @Sendable (String) -> PermissionLevel) -> ScheduleControl {
        ScheduleControl(
            add: { caller, schedule, prompt in
                let chat = try chat(of: caller)
                let prompt = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !prompt.isEmpty else { throw ControlError(.badRequest, "empty_prompt", "say what the job should ask in `prompt`") }
                guard let requester = await runtime.requester(of: caller.run), automation.mayChange(level(requester)) else {
                    throw ControlError(.forbidden, "not_permitted",
                                       "only a person with the \(automation.settings.permission.rawValue) level can have jobs made; "
                                       + "tell them to use `!cron add \(schedule) -- \(prompt)` themselves")
                }
                do {
                    let job = try await CronCommands.addJob(schedule, prompt: prompt, agent: caller.agent, chat: chat,
                                                            by: requester, jobs: automation)
                    return CronCommands.added(job) + " Each run asks you the prompt in this chat."
                } catch let error as ScheduleError {
                    throw ControlError(.badRequest, "bad_schedule", "that schedule does not work: \(error) "
                                       + "(use a cron expression like `0 9 * * 1-5`, `every 2h`, or `at 2026-12-24 18:00`, optionally with `tz=Area/City`)")
                }
            },
            list: { caller in
                let jobs = try await automation.jobs.jobs(in: try chat(of: caller))
                guard !jobs.isEmpty else { return "No scheduled jobs in this chat." }
                return jobs.map { job in
                    "- \(job.id): \(job.agent), \(job.schedule), "
                        + (job.paused ? "paused" : job.nextDue.map { "next \(CronCommands.when($0, job.schedule.zone))" } ?? "done")
                        + ": \(job.prompt)"
                }.joined(separator: "\n")
            },
            delete: { caller, id in
                let chat = try chat(of: caller)
                guard let job = try await automation.jobs.job(id), job.kind == .cron, job.chat == chat else {
                    throw ControlError(.notFound, "unknown_job", "there is no job \(id) in this chat (schedule_list shows them)")
                }
                guard let requester = await runtime.requester(of: caller.run), automation.mayChange(level(requester)) else {
                    throw ControlError(.forbidden, "not_permitted",
                                       "only a person with the \(automation.settings.permission.rawValue) level can have jobs deleted")
                }
                try await automation.jobs.delete(job.id)
                return "Deleted \(job.id)." + (await automation.scheduler.isRunning(job.id) ? " Its current run goes on." : "")
            })
    }

    /// The chat of the calling turn, when it is one people talk in (a delegated question or a run has nowhere to post).
    private static func chat(of caller: ControlGrant) throws -> ChatAddress {
        guard let chat = ChatAddress(caller.chat) else {
            throw ControlError(.badRequest, "no_chat", "jobs can only be made from a chat with people")
        }
        switch chat {
        case .matrix, .matrixThread, .telegram, .session: return chat
        case .delegation, .run, .unknown:
            throw ControlError(.badRequest, "no_chat",
                               "jobs can only be made from a chat with people, not inside a delegated question or a run")
        }
    }
}
