import Automation
import Foundation
@testable import Bridge
import MatrixAppService
import Testing

/// What the scheduler and `!cron`/`!heartbeat` rely on from any `JobStore`.
@Suite struct JobStoreConformanceTests {
    static let room = ChatAddress.matrix(RoomID("!jobs:test"))
    static let start = Date(timeIntervalSince1970: 1_800_000_000.125)

    static func job(_ id: String, _ text: String = "every 10s", kind: ScheduledJob.Kind = .cron, chat: ChatAddress = room,
                    created: Date = start, zone: String = "UTC") throws -> ScheduledJob {
        let schedule = try Schedule.parse(text, defaultZone: TimeZone(identifier: zone)!)
        return ScheduledJob(id: id, kind: kind, agent: "main", chat: chat, schedule: schedule, scheduleText: text, prompt: "hi \(id)",
                            createdBy: "@admin:test", createdAt: created, nextDue: schedule.next(after: created, anchor: created),
                            paused: false, lastRunAt: nil)
    }

    @Test(arguments: StoreDriver.allCases)
    func aJobReadsBackAsStored(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            var job = try Self.job("j1", "every 1h", zone: "Europe/Berlin")
            job.lastRunAt = Self.start - 5
            var heartbeat = try Self.job("h1", "every 30m", kind: .heartbeat)
            heartbeat.quiet = try QuietHours(parsing: "22-07")
            heartbeat.nextDue = nil
            try await stores.jobs.add(job)
            try await stores.jobs.add(heartbeat)
            #expect(try await stores.jobs.job("j1") == job)
            #expect(try await stores.jobs.job("h1") == heartbeat)
            #expect(try await stores.jobs.job("nope") == nil)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func jobsAreListedPerChatAndKindOldestFirst(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let elsewhere = ChatAddress.matrix(RoomID("!else:test"))
            try await stores.jobs.add(try Self.job("j2", created: Self.start + 20))
            try await stores.jobs.add(try Self.job("j1", created: Self.start))
            try await stores.jobs.add(try Self.job("j3", chat: elsewhere, created: Self.start + 10))
            try await stores.jobs.add(try Self.job("h1", kind: .heartbeat))
            #expect(try await stores.jobs.jobs().map(\.id) == ["j1", "j3", "j2"])
            #expect(try await stores.jobs.jobs(in: Self.room).map(\.id) == ["j1", "j2"])
            #expect(try await stores.jobs.jobs(in: Self.room, kind: .heartbeat).map(\.id) == ["h1"])
            #expect(try await stores.jobs.jobs(in: elsewhere, kind: .heartbeat).isEmpty)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aChatHasOneHeartbeat(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            try await stores.jobs.add(try Self.job("j1"))
            try await stores.jobs.setHeartbeat(try Self.job("h1", kind: .heartbeat))
            try await stores.jobs.setHeartbeat(try Self.job("h2", "every 2h", kind: .heartbeat))
            #expect(try await stores.jobs.jobs(in: Self.room, kind: .heartbeat).map(\.id) == ["h2"])
            #expect(try await stores.jobs.jobs(in: Self.room).map(\.id) == ["j1"])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func dueJobsAreUnpausedOnesSoonestFirst(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            try await stores.jobs.add(try Self.job("slow", "every 1h"))
            try await stores.jobs.add(try Self.job("fast", "every 10s"))
            try await stores.jobs.add(try Self.job("paused", "every 10s"))
            var done = try Self.job("done", "every 10s")
            done.nextDue = nil
            try await stores.jobs.add(done)
            let paused = try #require(try await stores.jobs.job("paused"))
            #expect(try await stores.jobs.setPaused("paused", true, nextDue: paused.nextDue))
            #expect(try await !stores.jobs.setPaused("nope", true, nextDue: nil))
            #expect(try await stores.jobs.due(at: Self.start + 5).isEmpty)
            #expect(try await stores.jobs.due(at: Self.start + 10).map(\.id) == ["fast"])
            #expect(try await stores.jobs.due(at: Self.start + 7200).map(\.id) == ["fast", "slow"])
            #expect(try await stores.jobs.delete("fast"))
            #expect(try await !stores.jobs.delete("fast"))
            #expect(try await stores.jobs.due(at: Self.start + 7200).map(\.id) == ["slow"])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func theNextRunMovesOnOnlyFromTheDueTimeRead(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            try await stores.jobs.add(try Self.job("j1"))
            let due = try #require(try await stores.jobs.due(at: Self.start + 60).first?.nextDue)
            let ran = Self.start + 60
            #expect(try await stores.jobs.setNextDue("j1", due + 10, ranAt: ran, ifDueAt: due))
            // A second scheduler that read the same due time takes nothing.
            #expect(try await !stores.jobs.setNextDue("j1", due + 10, ranAt: ran, ifDueAt: due))
            var job = try #require(try await stores.jobs.job("j1"))
            #expect(job.nextDue == due + 10 && job.lastRunAt == ran)
            // A skipped run (quiet hours) keeps the last run; a one-off ends with no next run.
            #expect(try await stores.jobs.setNextDue("j1", nil, ranAt: nil, ifDueAt: due + 10))
            job = try #require(try await stores.jobs.job("j1"))
            #expect(job.nextDue == nil && job.lastRunAt == ran)
            // A paused job is not moved on.
            try await stores.jobs.add(try Self.job("j2"))
            let other = try #require(try await stores.jobs.job("j2")?.nextDue)
            #expect(try await stores.jobs.setPaused("j2", true, nextDue: other))
            #expect(try await !stores.jobs.setNextDue("j2", other + 10, ranAt: ran, ifDueAt: other))
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func ofSchedulersRacingForADueJobExactlyOneRunsIt(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            for n in 0..<10 { try await stores.jobs.add(try Self.job("j\(n)")) }
            let now = Self.start + 60
            // Eight schedulers read the due jobs, then each tries to move every one on: each job is taken once.
            let taken = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        for job in try await stores.jobs.due(at: now) {
                            let due = try #require(job.nextDue)
                            // As the scheduler plans it: the next run after now, so a moved job is not due again.
                            if try await stores.jobs.setNextDue(job.id, now + 10, ranAt: now, ifDueAt: due) { mine.append(job.id) }
                        }
                        return mine
                    }
                }
                var all: [String] = []
                for try await mine in group { all += mine }
                return all
            }
            #expect(taken.sorted() == (0..<10).map { "j\($0)" }.sorted())
        }
    }
}
