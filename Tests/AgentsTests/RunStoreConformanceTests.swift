@testable import Agents
import Foundation
import Testing

/// What RunManager relies on from any `RunStore`, on SQLite and on PostgreSQL.
@Suite struct RunStoreConformanceTests {
    @Test(arguments: RunStoreDriver.allCases)
    func aSavedRunReadsBackColumnForColumn(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            var run = Run.sample("r1", parent: "r0", state: .running)
            run.routing = RunRouting(agent: "main", chat: "matrix:!ü:test", origin: nil, user: nil)
            run.role = "reviewer"
            run.provider = "codex"
            run.model = "gpt-5"
            run.result = "héllo 👋"
            run.failure = .agent(.toolExited(tool: "Claude Code", command: "claude", exit: .status(2), detail: "boom"))
            run.error = run.failure?.english
            run.usage = TokenUsage(inputTokens: 12, outputTokens: 34, cachedInputTokens: 5_000_000_000)
            run.costUSD = 0.125
            run.timeout = 90.5
            run.tokenBudget = 1000
            run.delivery = .deliveryFailed
            run.deliveryError = "gave up"
            run.startedAt = Date(timeIntervalSince1970: 1_800_000_001.25)
            run.finishedAt = Date(timeIntervalSince1970: 1_800_000_002.5)
            try await stores.runs.save(run)
            #expect(try await stores.runs.run(run.id) == run)

            // Saved again, every column is replaced: what is unset now reads back unset.
            let plain = Run.sample("r1", state: .completed)
            try await stores.runs.save(plain)
            #expect(try await stores.runs.run(run.id) == plain)
            #expect(try await stores.runs.run(RunID(rawValue: "nope")) == nil)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func everyRunFailureReadsBackTyped(_ driver: RunStoreDriver) async throws {
        let failures: [RunFailure] = [
            .configuration(detail: "x"), .killedBeforeStart, .killed, .timedOut(seconds: 90), .overBudget(used: 12, budget: 10),
            .restartedWhileWorking, .restartedBeforeStart, .agent(.timedOut(limit: "15 min", agent: "main")),
            .agent(.attachment(.tooLarge(megabytes: 120, limit: 100))),
        ]
        try await driver.withStores { stores in
            for (index, failure) in failures.enumerated() {
                var run = Run.sample("f\(index)", state: .failed)
                run.failure = failure
                run.error = failure.english
                try await stores.runs.save(run)
                #expect(try await stores.runs.run(run.id)?.failure == failure)
            }
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func recentRunsComeNewestFirstUpToTheLimit(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            for n in 1...5 { try await stores.runs.save(.sample("r\(n)", created: Double(n))) }
            #expect(try await stores.runs.recent(limit: 3).map(\.id.rawValue) == ["r5", "r4", "r3"])
            #expect(try await stores.runs.recent(limit: 200).count == 5)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func aMovedSubtreeIsSavedWhole(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            var top = Run.sample("top")
            var child = Run.sample("child", parent: "top")
            try await stores.runs.save([top, child])
            top.depth = 2
            top.parent = RunID(rawValue: "other")
            child.depth = 3
            try await stores.runs.save([top, child])
            #expect(try await stores.runs.run(top.id) == top)
            #expect(try await stores.runs.run(child.id) == child)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func finishingQueuesTheReportWithTheFinalState(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            var reported = Run.sample("r1", state: .completed)
            reported.delivery = .pending
            try await stores.runs.finish(reported, report: "the report")
            let quiet = Run.sample("r2", state: .cancelled)
            try await stores.runs.finish(quiet, report: nil)
            #expect(try await stores.runs.run(reported.id) == reported)
            #expect(try await stores.runs.run(quiet.id) == quiet)
            let due = try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due
            #expect(due.map(\.run) == [reported.id])
            #expect(due.first?.report == "the report")
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func recoveryInterruptsUnfinishedRunsAndTellsTheTopmostRequesters(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            try await stores.runs.save(.sample("parent", state: .running, created: 1))
            try await stores.runs.save(.sample("child", parent: "parent", state: .queued, created: 2))
            try await stores.runs.save(.sample("lone", state: .accepted, created: 3))
            try await stores.runs.save(.sample("done", state: .completed, created: 4))
            try await stores.runs.save(.sample("orphan", parent: "done", state: .queued, created: 5))
            try await stores.prompts.add("a child's result", run: RunID(rawValue: "parent"), delivery: 7)

            let recovered = try await stores.runs.recoverInterrupted()
            #expect(recovered.map(\.id.rawValue) == ["parent", "child", "lone", "orphan"])
            #expect(recovered.allSatisfy { $0.state == .interrupted && $0.finishedAt != nil })
            #expect(recovered.first?.error == "Troupe restarted while this run was working.")
            #expect(recovered.last?.error == "Troupe restarted before this run started.")
            // The child's parent was interrupted too: the parent's notice covers it.
            #expect(recovered.map(\.delivery) == [.pending, .none, .pending, .pending])
            for run in recovered {
                // A stored date is seconds since 1970 as a double: `now` comes back within a microsecond, not equal.
                var stored = try #require(try await stores.runs.run(run.id))
                #expect(abs(try #require(stored.finishedAt).timeIntervalSince(try #require(run.finishedAt))) < 1e-6)
                stored.finishedAt = run.finishedAt
                #expect(stored == run)
            }
            #expect(try await stores.runs.run(RunID(rawValue: "done"))?.state == .completed)

            let due = try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due
            #expect(due.map(\.run.rawValue) == ["parent", "lone", "orphan"])
            #expect(due.first?.report.contains("It had been handed these and not read them yet:\n\na child's result") == true)
            #expect(due.last?.report.contains("It had been handed") == false)
            // Once.
            #expect(try await stores.runs.recoverInterrupted().isEmpty)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func twoProcessesRecoveringAtOnceShareTheRunsOut(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            let count = 40
            for n in 0..<count { try await stores.runs.save(.sample(String(format: "r%03d", n), state: .running, created: Double(n))) }
            async let mine = stores.runs.recoverInterrupted()
            async let theirs = stores.rival.runs.recoverInterrupted()
            let (a, b) = try await (mine, theirs)
            let ids = (a + b).map(\.id)
            #expect(ids.count == count)
            #expect(Set(ids).count == count)
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_deliveries") == count)
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_runs WHERE state = 'interrupted'") == count)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func pruningDeletesOldFinishedRunsWithTheirChats(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            var old = Run.sample("old", state: .completed, created: 1)
            old.finishedAt = old.createdAt
            try await stores.runs.save(old)
            try await stores.runs.save(.sample("working", state: .running, created: 2))
            var waiting = Run.sample("waiting", state: .failed, created: 3)
            waiting.finishedAt = waiting.createdAt
            try await stores.runs.save(waiting)
            try await stores.deliveries.enqueue(run: waiting.id, report: "not yet delivered")
            try await stores.deliveries.enqueue(run: old.id, report: "delivered")
            let delivered = try #require(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.first { $0.run == old.id })
            try await stores.deliveries.markDelivered(id: delivered.id, run: old.id)
            try await stores.prompts.add("left over", run: old.id)
            for id in ["old", "working"] {
                try await stores.execute(
                    "INSERT INTO agent_sessions (agent, chat, provider, session_id, updated_at) VALUES ('worker', 'run:\(id)', 'claude', 's', 0)")
                try await stores.execute("INSERT INTO agent_conversations (agent, chat, updated_at) VALUES ('worker', 'run:\(id)', 0)")
                try await stores.execute("""
                    INSERT INTO agent_history (agent, chat, session_id, role, content, created_at) VALUES ('worker', 'run:\(id)', 's', 'user', 'hi', 0)
                    """)
            }
            let now = Date(timeIntervalSince1970: 1_800_000_100)

            #expect(try await stores.runs.prune(retention: 3600, keep: 10, now: now) == 0)  // within the retention and the count
            #expect(try await stores.runs.prune(retention: 3600, keep: 0, now: now) == 1)  // beyond the count
            #expect(try await stores.runs.run(old.id) == nil)
            #expect(try await stores.runs.run(RunID(rawValue: "working")) != nil)  // unfinished
            #expect(try await stores.runs.run(waiting.id) != nil)  // its result is still on its way
            #expect(try await stores.prompts.pending(run: old.id).isEmpty)
            for table in ["agent_sessions", "agent_conversations", "agent_history"] {
                #expect(try await stores.count("SELECT COUNT(*) FROM \(table) WHERE chat = 'run:old'") == 0)
                #expect(try await stores.count("SELECT COUNT(*) FROM \(table) WHERE chat = 'run:working'") == 1)
            }
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_deliveries") == 1)
            // Past the retention, unfinished runs stay all the same.
            #expect(try await stores.runs.prune(retention: -1_000_000, keep: 0, now: now) == 0)
        }
    }
}
