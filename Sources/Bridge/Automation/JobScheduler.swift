import Automation
import Foundation
import Logging
import ServiceLifecycle

/// Runs `!cron` jobs when they come due: one catch-up run at most for what was missed (within the grace period),
/// never two runs of one job at once, and editing or deleting a job never stops a run already going.
public actor JobScheduler: Service {
    let store: any JobStore
    private(set) var missed: MissedRuns
    let now: @Sendable () -> Date
    /// Runs one job's turn to its end (the answer is in its chat, or the turn failed).
    let perform: @Sendable (ScheduledJob) async -> Void
    let logger: Logger
    private var running: Set<String> = []
    private var wake: AsyncStream<Void>.Continuation?

    public init(store: any JobStore, grace: TimeInterval = 600, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger,
                perform: @escaping @Sendable (ScheduledJob) async -> Void) {
        self.store = store
        missed = MissedRuns(grace: grace)
        self.now = now
        self.perform = perform
        self.logger = logger
    }

    /// `automation.grace_seconds` after a config reload.
    func setGrace(_ grace: TimeInterval) { missed.grace = grace }

    public func run() async throws {
        let loop = DueWorkLoop()
        wake = loop.wake
        await loop.run { [self] in await self.tick() }
    }

    /// Starts every job that is due, and moves each due job's next run on.
    func tick() async {
        let at = now()
        let due: [ScheduledJob]
        do {
            due = try await store.due(at: at)
        } catch {
            logger.error("could not read due jobs", metadata: ["error": "\(error)"])
            return
        }
        for job in due {
            guard let dueAt = job.nextDue else { continue }
            let plan = missed.plan(job.schedule, anchor: job.createdAt, due: dueAt, now: at, running: running.contains(job.id))
            if plan.skipped > 0 {
                logger.info("skipping missed or overlapping runs of a job", metadata: ["job": "\(job.id)", "skipped": "\(plan.skipped)"])
            }
            let runs = plan.runNow && !job.keepsStill(at: at)
            if plan.runNow && !runs { logger.debug("a heartbeat in its quiet hours keeps still", metadata: ["job": "\(job.id)"]) }
            do {
                // Whoever moves the next run on runs it: a job is never run twice for one due time.
                guard try await store.setNextDue(job.id, plan.nextDue, ranAt: runs ? at : nil, ifDueAt: dueAt) else {
                    logger.debug("a job's due run was taken or changed meanwhile; not running it", metadata: ["job": "\(job.id)"])
                    continue
                }
            } catch {
                logger.error("could not store a job's next run; not running it now", metadata: ["job": "\(job.id)", "error": "\(error)"])
                continue
            }
            if runs { start(job) }
        }
    }

    /// `!cron run`: now, unless it is running already. False when it is.
    func runNow(_ job: ScheduledJob) -> Bool {
        guard !running.contains(job.id) else { return false }
        start(job)
        return true
    }

    func isRunning(_ id: String) -> Bool { running.contains(id) }

    /// The store changed (a job added or resumed): look again now rather than at the next tick.
    func changed() { wake?.yield() }

    private func start(_ job: ScheduledJob) {
        running.insert(job.id)
        logger.info("running a scheduled job", metadata: ["job": "\(job.id)", "agent": "\(job.agent)", "chat": "\(job.chat)"])
        Task {
            await perform(job)
            finished(job.id)
        }
    }

    private func finished(_ id: String) { running.remove(id) }
}
