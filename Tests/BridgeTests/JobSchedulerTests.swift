import Agents
import Automation
import Foundation
import GRDB
import Logging
import MatrixAppService
import Testing
@testable import Bridge

/// A clock the test moves by hand.
private final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// Runs the scheduler starts; each waits until the test lets it finish.
private actor Runs {
    private(set) var started: [String] = []
    private var waiting: [CheckedContinuation<Void, Never>] = []
    func run(_ job: ScheduledJob) async {
        started.append(job.id)
        await withCheckedContinuation { waiting.append($0) }
    }
    func finishAll() {
        waiting.forEach { $0.resume() }
        waiting = []
    }
}

@Suite struct JobSchedulerTests {
    static let room = ChatAddress.matrix(RoomID("!jobs:test"))
    static let admin = IncomingMessage.Sender(id: "@admin:test", level: .admin, displayName: "@admin:test")

    private func store() throws -> (any JobStore, DatabaseQueue) {
        let database = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        BridgeSchema.registerMigrations(&migrator)
        try migrator.migrate(database)
        return (SQLiteJobStore(database), database)
    }

    private func job(_ text: String, created: Date) throws -> ScheduledJob {
        let schedule = try Schedule.parse(text, defaultZone: TimeZone(identifier: "UTC")!)
        return ScheduledJob(id: ScheduledJob.newID(), agent: "main", chat: Self.room, schedule: schedule, scheduleText: text, prompt: "hi",
                            createdBy: "@admin:test", createdAt: created, nextDue: schedule.next(after: created, anchor: created), paused: false,
                            lastRunAt: nil)
    }

    @Test func aDueJobRunsOnceAndNeverBesideItsPreviousRun() async throws {
        let (store, _) = try store()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let runs = Runs()
        let scheduler = JobScheduler(store: store, now: { clock.now }, logger: Logger(label: "test")) { await runs.run($0) }
        let made = try job("every 10s", created: clock.now)
        try await store.add(made)
        await scheduler.tick()
        #expect(await runs.started.isEmpty, "not due yet")
        clock.advance(10)
        await scheduler.tick()
        try await waitUntil { await runs.started.count == 1 }
        // Due again while the first run still goes: skipped, not started beside it.
        clock.advance(10)
        await scheduler.tick()
        #expect(try await store.job(made.id)?.nextDue == made.createdAt.addingTimeInterval(30))
        try await Task.sleep(for: .milliseconds(50))
        #expect(await runs.started.count == 1)
        await runs.finishAll()
        try await waitUntil { await !scheduler.isRunning(made.id) }
        clock.advance(10)
        await scheduler.tick()
        try await waitUntil { await runs.started.count == 2 }
        await runs.finishAll()
    }

    /// An active and a standby process (or two by mistake) ticking at once: each due run starts in one of them.
    @Test(arguments: StoreDriver.allCases)
    func twoSchedulersOnOneStoreRunADueJobOnce(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
            let runs = Runs()
            let schedulers = (0..<2).map { _ in
                JobScheduler(store: stores.jobs, now: { clock.now }, logger: Logger(label: "test")) { await runs.run($0) }
            }
            for _ in 0..<5 { try await stores.jobs.add(try job("every 10s", created: clock.now)) }
            clock.advance(10)
            await withTaskGroup(of: Void.self) { group in
                for scheduler in schedulers { group.addTask { await scheduler.tick() } }
            }
            try await waitUntil { await runs.started.count == 5 }
            try await Task.sleep(for: .milliseconds(100))
            #expect(await Set(runs.started).count == 5)
            #expect(await runs.started.count == 5)
            await runs.finishAll()
        }
    }

    @Test func afterDowntimeAJobRunsOnceNotInABurstAndKeepsItsGrid() async throws {
        let (store, _) = try store()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let runs = Runs()
        let scheduler = JobScheduler(store: store, grace: 600, now: { clock.now }, logger: Logger(label: "test")) { await runs.run($0) }
        let made = try job("every 1m", created: clock.now)
        try await store.add(made)
        clock.advance(5 * 60 + 5)  // five runs missed; the latest five seconds ago
        await scheduler.tick()
        try await waitUntil { await runs.started.count == 1 }
        #expect(try await store.job(made.id)?.nextDue == made.createdAt.addingTimeInterval(6 * 60))
        await runs.finishAll()
    }

    @Test func pausedAndDeletedJobsDoNotRun() async throws {
        let (store, _) = try store()
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let runs = Runs()
        let scheduler = JobScheduler(store: store, now: { clock.now }, logger: Logger(label: "test")) { await runs.run($0) }
        let paused = try job("every 10s", created: clock.now)
        let deleted = try job("every 10s", created: clock.now)
        try await store.add(paused)
        try await store.add(deleted)
        try await store.setPaused(paused.id, true, nextDue: paused.nextDue)
        try await store.delete(deleted.id)
        clock.advance(30)
        await scheduler.tick()
        // A run is marked as running the moment it starts, so these hold right after the tick.
        let pausedRuns = await scheduler.isRunning(paused.id)
        let deletedRuns = await scheduler.isRunning(deleted.id)
        #expect(!pausedRuns && !deletedRuns)
        try await Task.sleep(for: .milliseconds(50))
        #expect(await runs.started.isEmpty)
        // Resumed, the paused job runs again.
        try await store.setPaused(paused.id, false, nextDue: clock.now)
        await scheduler.tick()
        #expect(await scheduler.isRunning(paused.id))
        try await waitUntil { await runs.started == [paused.id] }
        await runs.finishAll()
    }

    @Test func cronCommandsMakeListAndDeleteJobsAndAJobAnswersInItsChat() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let (routing, holder) = try scheduledRouting(in: Self.room, clock: clock)
        let refused = await routing.say("!cron add every 10s -- hello", in: Self.room)
        #expect(try await routing.message(in: Self.room) { $0.replyTo == refused }?.text.contains("Only admins") == true)

        let added = await routing.say("!cron add every 10s -- hello", in: Self.room, from: Self.admin)
        let reply = try #require(try await routing.message(in: Self.room) { $0.replyTo == added })
        let id = try #require(reply.text.firstMatch(of: /`(j[a-z0-9]{6})`/)?.1).description
        #expect(reply.text.contains("every 10s") && reply.text.contains("Next run: 2027-01-15 08:00 ("))

        clock.advance(10)
        await holder.scheduler?.tick()
        let answer = try #require(try await routing.message(in: Self.room) { $0.text.contains("echo: hello") })
        #expect(answer.text.contains(id) && answer.speaker == "main" && !answer.notice)

        let listed = await routing.say("!cron list", in: Self.room)
        #expect(try await routing.message(in: Self.room) { $0.replyTo == listed }?.text.contains(id) == true)
        let deleted = await routing.say("!cron delete \(id)", in: Self.room, from: Self.admin)
        #expect(try await routing.message(in: Self.room) { $0.replyTo == deleted }?.text.contains("Deleted `\(id)`") == true)
        #expect(try await holder.store?.jobs().isEmpty == true)
    }

    private func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<300 where !(await condition()) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await condition())
    }
}

/// A router whose commands have automation (times in UTC), with a scheduler on `clock` that runs due jobs through it.
private func scheduledRouting(in room: ChatAddress, clock: ManualClock) throws -> (MemoryRouting, SchedulerHolder) {
    let holder = SchedulerHolder()
    let routing = try MemoryRouting(rooms: [room: .init(agents: ["main"], owner: "main")], automation: { database in
        let store = SQLiteJobStore(database)
        let scheduler = JobScheduler(store: store, now: { clock.now }, logger: Logger(label: "test")) { job in
            await holder.router?.runAutomated(job.turn, in: job.chat)
        }
        holder.set(scheduler: scheduler, store: store)
        var settings = AutomationSettings()
        settings.timezone = TimeZone(identifier: "UTC")!
        return AutomationServices(jobs: store, scheduler: scheduler, settings: .fixed(settings), now: { clock.now })
    })
    holder.router = routing.router
    return (routing, holder)
}

/// The scheduler and router of the command tests, which are made inside each other's set-up.
private final class SchedulerHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var _router: MessageRouter?
    private var _scheduler: JobScheduler?
    private var _store: (any JobStore)?
    var router: MessageRouter? {
        get { lock.withLock { _router } }
        set { lock.withLock { _router = newValue } }
    }
    var scheduler: JobScheduler? { lock.withLock { _scheduler } }
    var store: (any JobStore)? { lock.withLock { _store } }
    func set(scheduler: JobScheduler, store: any JobStore) { lock.withLock { _scheduler = scheduler; _store = store } }
}

@Suite struct HeartbeatTests {
    static let room = ChatAddress.matrix(RoomID("!beat:test"))
    static let admin = IncomingMessage.Sender(id: "@admin:test", level: .admin, displayName: "@admin:test")

    /// 2027-01-15 08:00 UTC.
    private static let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func reply(to message: MessageID, in routing: MemoryRouting) async throws -> String {
        try #require(try await routing.message(in: Self.room) { $0.replyTo == message }).text
    }

    /// Runs the one heartbeat that is due and waits for its turn to end.
    private func beat(_ holder: SchedulerHolder, _ clock: ManualClock) async throws -> ScheduledJob {
        let heartbeat = try #require(try await holder.store?.jobs(in: Self.room, kind: .heartbeat).first)
        clock.advance(10)
        await holder.scheduler?.tick()
        for _ in 0..<500 where await holder.scheduler?.isRunning(heartbeat.id) == true { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await holder.scheduler?.isRunning(heartbeat.id) == false)
        return try #require(try await holder.store?.job(heartbeat.id))
    }

    @Test func aHeartbeatPostsOnlyWhatIsWorthReporting() async throws {
        let clock = ManualClock(Self.start)
        let (routing, holder) = try scheduledRouting(in: Self.room, clock: clock)
        let refused = await routing.say("!heartbeat on every 10s", in: Self.room)
        #expect(try await reply(to: refused, in: routing).contains("Only admins may change heartbeats"))

        // The agent answers the marker: its turn runs, nothing is posted.
        let quiet = await routing.say("!heartbeat on every 10s -- scenario:nothing_to_report", in: Self.room, from: Self.admin)
        #expect(try await reply(to: quiet, in: routing).contains("Heartbeat on: main, every 10s"))
        let before = await routing.chat.messages(in: Self.room).count
        let silent = try await beat(holder, clock)
        #expect(silent.lastRunAt == clock.now)
        try await Task.sleep(for: .milliseconds(100))
        #expect(await routing.chat.messages(in: Self.room).count == before, "the marker was posted")

        // A new heartbeat replaces the chat's one; an answer that says something is posted, labelled.
        _ = await routing.say("!heartbeat on @main every 10s -- check the build", in: Self.room, from: Self.admin)
        #expect(try await holder.store?.jobs(in: Self.room, kind: .heartbeat).count == 1)
        _ = try await beat(holder, clock)
        let posted = try #require(try await routing.message(in: Self.room) { $0.text.contains("echo: 💓 Heartbeat. check the build") })
        #expect(posted.text.contains("💓 heartbeat") && posted.speaker == "main")
        #expect(posted.text.contains(HeartbeatMarker.nothingToReport), "the prompt names the marker")

        let status = await routing.say("!heartbeat", in: Self.room)
        let statusText = try await reply(to: status, in: routing)
        #expect(statusText.contains("Last check: 2027-01-15 08:00 ("), "\(statusText)")
        let off = await routing.say("!heartbeat off", in: Self.room, from: Self.admin)
        #expect(try await reply(to: off, in: routing).contains("The heartbeat is off"))
        #expect(try await holder.store?.jobs(in: Self.room, kind: .heartbeat).isEmpty == true)
        // Heartbeats are not cron jobs.
        let listed = await routing.say("!cron list", in: Self.room)
        #expect(try await reply(to: listed, in: routing).contains("No scheduled jobs"))
    }

    @Test func quietHoursKeepStillInTheHeartbeatsZone() async throws {
        let clock = ManualClock(Self.start)  // 08:00 UTC, 09:00 in Berlin
        let (routing, holder) = try scheduledRouting(in: Self.room, clock: clock)
        let on = await routing.say("!heartbeat on every 10s quiet 9-17 tz=Europe/Berlin -- anything", in: Self.room, from: Self.admin)
        #expect(try await reply(to: on, in: routing).contains("quiet 09-17 (Europe/Berlin)"))
        let kept = try await beat(holder, clock)
        #expect(kept.lastRunAt == nil, "it ran in its quiet hours")
        #expect(kept.nextDue == clock.now.addingTimeInterval(10), "it moves on to its next time")

        let bad = await routing.say("!heartbeat on every 10s quiet 25-3", in: Self.room, from: Self.admin)
        #expect(try await reply(to: bad, in: routing).contains("0 to 24"))
        let noInterval = await routing.say("!heartbeat on quiet 22-07", in: Self.room, from: Self.admin)
        #expect(try await reply(to: noInterval, in: routing).contains("Say how often"))
    }
}

@Suite struct JobRunnerTests {
    static let own = ChatAddress.matrix(RoomID("!main-own:test"))

    @Test func aTurnWhoseChatIsGoneAnswersInTheAgentsOwnRoomSayingWhy() async throws {
        let routing = try MemoryRouting(rooms: [Self.own: .init(agents: ["main"], owner: "main")])
        let runner = JobRunner(logger: Logger(label: "test"))
        await runner.use([routing.router], matrix: routing.router) { agent in agent == "main" ? Self.own : nil }
        let gone = ChatAddress.telegram(TelegramChatRef(chatID: 4242, threadID: 7))
        await runner.run(AutomatedTurn(agent: "main", chat: gone, prompt: "where am I", source: .job("jgone12")))
        let why = try #require(try await routing.message(in: Self.own) { $0.text.contains("where I can no longer post") })
        #expect(why.text.contains("Job `jgone12` was made in telegram:4242/7"))
        let answer = try #require(try await routing.message(in: Self.own) { $0.text.contains("echo: where am I") })
        #expect(answer.text.contains("jgone12") && answer.speaker == "main")
    }

    @Test func aTurnInAChatThatIsStillServedAnswersThere() async throws {
        let group = ChatAddress.matrix(RoomID("!group:test"))
        let routing = try MemoryRouting(rooms: [Self.own: .init(agents: ["main"], owner: "main"), group: .init(agents: ["main"])])
        let runner = JobRunner(logger: Logger(label: "test"))
        await runner.use([routing.router], matrix: routing.router) { _ in Self.own }
        await runner.run(AutomatedTurn(agent: "main", chat: group, prompt: "status please", source: .webhook("ci")))
        #expect(try await routing.message(in: group) { $0.text.contains("echo: status please") && $0.text.contains("🪝 ci") } != nil)
        #expect(await routing.chat.messages(in: Self.own).isEmpty)
    }

    @Test func anAutomatedTurnCutShortByARestartIsTakenUpWithItsLabel() async throws {
        let group = ChatAddress.matrix(RoomID("!group:test"))
        let routing = try MemoryRouting(rooms: [group: .init(agents: ["main"])])
        let hook = AutomatedOrigin(quietUnlessReported: false, label: "🪝 ci")
        #expect(AutomatedOrigin(hook.origin) == hook)
        #expect(AutomatedOrigin(TurnOrigin(key: "$event:test")) == nil)
        func interrupted(_ origin: AutomatedOrigin, _ recovery: InterruptedTurn.Recovery) -> InterruptedTurn {
            InterruptedTurn(id: TurnID(rawValue: UUID().uuidString), agent: "main", chat: group.chatKey, provider: "claude", prompt: "status please",
                            wasRunning: true, submittedAt: Date(), origin: origin.origin, recovery: recovery)
        }
        #expect(await routing.router.recover(interrupted(hook, .deliver(answer: "echo: status please"))))
        #expect(try await routing.message(in: group) { $0.text.contains("echo: status please") && $0.text.contains("🪝 ci") } != nil)

        // A heartbeat's stored answer that has nothing to report stays unposted after the restart too.
        let beat = AutomatedOrigin(quietUnlessReported: true, label: "💓 heartbeat")
        let before = await routing.chat.messages(in: group).count
        #expect(await routing.router.recover(interrupted(beat, .deliver(answer: HeartbeatMarker.nothingToReport))))
        try await Task.sleep(for: .milliseconds(200))
        #expect(await routing.chat.messages(in: group).count == before)
        #expect(await routing.router.recover(interrupted(beat, .deliver(answer: "The disk is 95% full."))))
        #expect(try await routing.message(in: group) { $0.text.contains("The disk is 95% full.") && $0.text.contains("💓 heartbeat") } != nil)
    }
}
