import Foundation
import GRDB
import Testing
@testable import Agents

@Suite struct RunTests {
    @Test func completedRunResultReachesTheSinkThroughTheRequester() async throws {
        let h = try RunHarness.make()
        let sink = RecordingSink()
        try await h.manager.start(sink: sink)
        let updates = await h.manager.updates()
        let run = try await h.spawn("worker", "count the files")
        let delivered = try await waitFor(updates) { $0.delivery(run.id) }
        #expect(delivered.state == .completed)
        #expect(delivered.delivery == .delivered)
        #expect(delivered.result?.contains("count the files") == true)
        let got = await sink.delivered
        #expect(got.count == 1)
        #expect(got.first?.routing == RunHarness.routing)
        #expect(got.first?.worker == "worker")
        #expect(got.first?.text.hasPrefix("echo: [Troupe] A task you handed off") == true)
        #expect(h.harness.invocations().contains { $0.contains("env TROUPE_CHAT=run:\(run.id)") })
    }

    @Test func asyncResultResumesTheCallersCurrentSessionAfterNewAndProviderSwitch() async throws {
        let h = try RunHarness.make()
        let sink = RecordingSink()
        try await h.manager.start(sink: sink)
        // The caller has a session in its chat before it hands off the task.
        _ = try await h.harness.ask("hello", agent: "main", chat: "test:chat")
        let updates = await h.manager.updates()
        let run = try await h.spawn("slowpoke", "write the report")
        _ = try await waitFor(updates) { update -> Bool? in
            if case .progress(let id, _) = update, id == run.id { return true }
            return nil
        }
        // Meanwhile the user resets the conversation and switches its provider.
        await h.runtime.newSession(agent: "main", chat: "test:chat")
        try await h.runtime.setProvider("codex", agent: "main", chat: "test:chat")
        let delivered = try await waitFor(updates) { $0.delivery(run.id) }
        #expect(delivered.delivery == .delivered)
        let injected = h.harness.invocations().filter { $0.contains { $0.contains("A task you handed off") } }
        #expect(injected.count == 1)
        let turn = try #require(injected.first)
        #expect(turn.contains("env TROUPE_CHAT=test:chat"))
        #expect(turn.argv.first == "exec")
        #expect(!turn.argv.contains { $0.hasPrefix("--resume") })
        #expect(turn.contains { $0.contains("one two three four") })
        #expect(await sink.delivered.first?.routing.origin == "matrix:!room:test")
    }

    @Test func depthFanOutAndTotalLimitsRefuseWithTheirKeys() async throws {
        let h = try RunHarness.make(runs: RunSettings(maxConcurrent: 8, maxDepth: 2, maxChildren: 2, maxTotal: 4))
        try await h.manager.start()
        let parent = try await h.spawn("hanger")
        let child = try await h.spawn("hanger", parent: parent.id)
        #expect(child.depth == 2)
        await #expect(throws: RunError.self) { try await h.spawn("hanger", parent: child.id) }
        do {
            _ = try await h.spawn("hanger", parent: child.id)
        } catch let error as RunError {
            #expect(error.kind == .limit)
            #expect(error.message.contains("runtime.runs.max_depth"))
        }
        _ = try await h.spawn("hanger", parent: parent.id)
        do {
            _ = try await h.spawn("hanger", parent: parent.id)
            Issue.record("a third child was admitted")
        } catch let error as RunError {
            #expect(error.message.contains("runtime.runs.max_children"))
        }
        _ = try await h.spawn("hanger")
        do {
            _ = try await h.spawn("hanger")
            Issue.record("a fifth run was admitted")
        } catch let error as RunError {
            #expect(error.message.contains("runtime.runs.max_total"))
        }
        _ = try await h.manager.kill(parent.id)
        for run in await h.manager.activeRuns { _ = try await h.manager.kill(run.id) }
        #expect(await h.manager.activeRuns.isEmpty)
    }

    @Test func spawnsArrivingTogetherCannotOvershootALimit() async throws {
        let h = try RunHarness.make(runs: RunSettings(maxConcurrent: 1, maxTotal: 3))
        try await h.manager.start()
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<12 { group.addTask { (try? await h.spawn("hanger")) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 3)
        #expect(await h.manager.activeRuns.count == 3)
        for run in await h.manager.activeRuns { _ = try await h.manager.kill(run.id) }
    }

    @Test func concurrencyLimitQueuesAndQueuedRunsCount() async throws {
        let h = try RunHarness.make(runs: RunSettings(maxConcurrent: 1, maxActivePerChat: 2))
        try await h.manager.start()
        let updates = await h.manager.updates()
        let first = try await h.spawn("hanger")
        let second = try await h.spawn("hanger")
        _ = try await waitFor(updates) { $0.state(first.id, .running) }
        #expect(try await h.manager.run(second.id)?.state == .queued)
        // The queued run holds its place: the chat is full.
        do {
            _ = try await h.spawn("worker")
            Issue.record("a third run was admitted to the chat")
        } catch let error as RunError {
            #expect(error.message.contains("runtime.runs.max_active_per_chat"))
        }
        let killed = try await h.manager.kill(first.id)
        #expect(killed.map(\.state) == [.cancelled])
        _ = try await waitFor(updates) { $0.state(second.id, .running) }
        _ = try await h.manager.kill(second.id)
    }

    @Test func tokenBudgetIsCappedAtSpawnAndEnforcedOnUse() async throws {
        let h = try RunHarness.make(runs: RunSettings(tokenBudget: 100))
        try await h.manager.start()
        do {
            _ = try await h.spawn("worker", tokenBudget: 500)
            Issue.record("a budget above the ceiling was admitted")
        } catch let error as RunError {
            #expect(error.message.contains("runtime.runs.token_budget"))
        }
        let run = try await h.spawn("worker")
        #expect(run.tokenBudget == 100)
        let ended = try await h.manager.waitUntilFinished(run.id)
        #expect(ended.state == .failed)
        #expect(ended.error?.contains("over its budget of 100") == true)
        #expect(ended.result != nil)
    }

    @Test func runTimeoutKillsTheRunAsTimedOut() async throws {
        let h = try RunHarness.make()
        try await h.manager.start()
        let run = try await h.spawn("hanger", timeout: 1)
        let ended = try await h.manager.waitUntilFinished(run.id)
        #expect(ended.state == .timedOut)
        #expect(await waitUntilDead(h.harness.pids(), timeout: 10))
    }

    @Test func killCascadesToEveryDescendantAndKillsProcessTreesFirst() async throws {
        let h = try RunHarness.make(runs: RunSettings(maxConcurrent: 8, maxDepth: 3))
        try await h.manager.start()
        let updates = await h.manager.updates()
        let top = try await h.spawn("hanger")
        let middle = try await h.spawn("hanger", parent: top.id)
        let bottom = try await h.spawn("hanger", parent: middle.id)
        let pids = try await h.harness.waitForPids(6, timeout: 30)
        let ended = try await h.manager.kill(top.id)
        #expect(Set(ended.map(\.id)) == [top.id, middle.id, bottom.id])
        #expect(ended.allSatisfy { $0.state == .cancelled })
        #expect(ended.first?.id == bottom.id)
        #expect(await waitUntilDead(pids, timeout: 10))
        // Each run's final state was announced exactly once: everything before a marker run's spawn is in.
        let marker = try await h.spawn("worker")
        let seen = try await collectUntil(updates) { $0.state(marker.id, .queued) != nil }
        for id in [top.id, middle.id, bottom.id] {
            let finals = seen.filter { if case .state(let run) = $0 { run.id == id && !run.state.isActive } else { false } }
            #expect(finals.count == 1)
            #expect(try await h.manager.run(id)?.state == .cancelled)
        }
        // A second kill finds nothing left to end.
        #expect(try await h.manager.kill(top.id).isEmpty)
    }

    @Test func reparentingThatWouldCreateACycleIsRejected() async throws {
        let h = try RunHarness.make(runs: RunSettings(maxConcurrent: 1, maxDepth: 5))
        try await h.manager.start()
        let a = try await h.spawn("hanger")
        let b = try await h.spawn("hanger", parent: a.id)
        let c = try await h.spawn("hanger", parent: b.id)
        for target in [a.id, b.id, c.id] {
            do {
                _ = try await h.manager.reparent(a.id, to: target)
                Issue.record("re-parenting \(a.id) under \(target) was accepted")
            } catch let error as RunError {
                #expect(error.kind == .conflict)
                #expect(error.message.contains("cycle"))
            }
        }
        let moved = try await h.manager.reparent(c.id, to: a.id)
        #expect(moved.parent == a.id)
        #expect(moved.depth == 2)
        _ = try await h.manager.kill(a.id)
    }

    @Test func steerAddsATurnToTheRunningRun() async throws {
        let h = try RunHarness.make()
        try await h.manager.start()
        let updates = await h.manager.updates()
        let run = try await h.spawn("slowpoke", "first task")
        _ = try await waitFor(updates) { $0.state(run.id, .running) }
        try await h.manager.steer(run.id, "also do this")
        let ended = try await h.manager.waitUntilFinished(run.id)
        #expect(ended.state == .completed)
        let turns = h.harness.invocations().filter { $0.contains("env TROUPE_CHAT=run:\(run.id)") }
        #expect(turns.count == 2)
        #expect(turns.last?.contains { $0.contains("also do this") } == true)
        await #expect(throws: RunError.self) { try await h.manager.steer(run.id, "too late") }
    }

    @Test func nestedResultGoesToTheParentsSessionNotTheSink() async throws {
        let h = try RunHarness.make()
        let sink = RecordingSink()
        try await h.manager.start(sink: sink)
        let updates = await h.manager.updates()
        let parent = try await h.spawn("slowpoke", "coordinate")
        let child = try await h.spawn("worker", "part one", parent: parent.id)
        _ = try await waitFor(updates) { $0.delivery(child.id) }
        let parentDelivered = try await waitFor(updates) { $0.delivery(parent.id) }
        #expect(parentDelivered.delivery == .delivered)
        let got = await sink.delivered
        #expect(got.map(\.run) == [parent.id])
        let parentTurns = h.harness.invocations().filter { $0.contains("env TROUPE_CHAT=run:\(parent.id)") }
        #expect(parentTurns.contains { $0.contains { $0.contains("part one") && $0.contains("A task you handed off") } })
    }

    @Test func aFinishedParentIsResumedWithItsChildsResultAndPassesItsReplyUp() async throws {
        let h = try RunHarness.make()
        let sink = RecordingSink()
        try await h.manager.start(sink: sink)
        let updates = await h.manager.updates()
        let parent = try await h.spawn("worker", "plan the release")
        _ = try await waitFor(updates) { $0.delivery(parent.id) }
        // A child that reports after its parent has finished (e.g. spawned from the parent's hand-back turn).
        let child = try await h.spawn("worker", "check the changelog", parent: parent.id)
        _ = try await waitFor(updates) { $0.delivery(child.id) }
        // The parent's follow-up: its second delivery.
        _ = try await waitFor(updates) { $0.delivery(parent.id) }
        let delivered = await sink.delivered
        #expect(delivered.map(\.run) == [parent.id, parent.id])
        #expect(delivered.last?.report.contains("already finished") == true)
        #expect(delivered.last?.report.contains("check the changelog") == true)
        let parentTurns = h.harness.invocations().filter { $0.contains("env TROUPE_CHAT=run:\(parent.id)") }
        #expect(parentTurns.count == 2)
    }

    @Test func restartInterruptsUnfinishedRunsTellsTheTopmostRequesterAndKeepsLimits() async throws {
        let temp = TempDirectory()
        let database = try DatabaseQueue(path: temp.file("troupe.db"))
        try AgentsSchema.migrate(database)
        let settings = RunSettings(maxConcurrent: 4, maxTotal: 1 + 1)
        let before = try RunHarness.make(runs: settings, database: database, temp: temp)
        try await before.manager.start()
        let top = try await before.spawn("hanger")
        let child = try await before.spawn("hanger", parent: top.id)
        _ = try await before.harness.waitForPids(4, timeout: 30)
        await before.manager.shutdown()
        #expect(await waitUntilDead(before.harness.pids(), timeout: 10))

        let after = try RunHarness.make(runs: settings, database: database, temp: temp)
        let sink = RecordingSink()
        let updates = await after.manager.updates()
        let recovered = try await after.manager.start(sink: sink)
        #expect(Set(recovered.map(\.id)) == [top.id, child.id])
        #expect(recovered.allSatisfy { $0.state == .interrupted })
        let told = try await waitFor(updates) { $0.delivery(top.id) }
        #expect(told.delivery == .delivered)
        #expect(await sink.delivered.map(\.state) == [.interrupted])
        #expect(try await after.manager.run(child.id)?.delivery == DeliveryState.none)

        // Resuming counts like spawning: two fit under max_total 2, a third does not.
        _ = try await after.manager.resume(top.id)
        _ = try await after.manager.resume(child.id)
        do {
            _ = try await after.spawn("worker")
            Issue.record("a run beyond max_total was admitted after restart")
        } catch let error as RunError {
            #expect(error.message.contains("runtime.runs.max_total"))
        }
        _ = try await after.manager.kill(top.id)
    }

    @Test func deliveryRetriesUntilTheSinkWorksWithoutRepeatingTheTurn() async throws {
        let h = try RunHarness.make(runs: RunSettings(deliveryAttempts: 5, deliveryBackoff: 0.01))
        let sink = RecordingSink(failures: 2)
        try await h.manager.start(sink: sink)
        let updates = await h.manager.updates()
        let run = try await h.spawn("worker")
        let delivered = try await waitFor(updates) { $0.delivery(run.id) }
        #expect(delivered.delivery == .delivered)
        #expect(await sink.attempts == 3)
        #expect(await sink.delivered.count == 1)
        let injections = h.harness.invocations().filter { $0.contains { $0.contains("A task you handed off") } }
        #expect(injections.count == 1)
    }

    @Test func startPrunesOldDeliveredResultsButKeepsFailedOnes() async throws {
        let h = try RunHarness.make()
        try await h.database.write { db in
            let old = Date().timeIntervalSince1970 - 8 * 24 * 3600
            for (run, state) in [("rold1", "delivered"), ("rold2", "delivery_failed")] {
                try db.execute(
                    sql: "INSERT INTO agent_deliveries (run_id, report, state, attempts, next_attempt_at, created_at) VALUES (?, 'r', ?, 1, ?, ?)",
                    arguments: [run, state, old, old])
            }
        }
        try await h.manager.start()
        let left = try await h.database.read { db in try String.fetchAll(db, sql: "SELECT run_id FROM agent_deliveries") }
        #expect(left == ["rold2"])
    }

    @Test func deliveryFailsVisiblyAfterTheLimit() async throws {
        let h = try RunHarness.make(runs: RunSettings(deliveryAttempts: 3, deliveryBackoff: 0.01))
        let sink = RecordingSink(failures: 100)
        try await h.manager.start(sink: sink)
        let updates = await h.manager.updates()
        let run = try await h.spawn("worker")
        let failed = try await waitFor(updates) { $0.delivery(run.id) }
        #expect(failed.delivery == .deliveryFailed)
        #expect(failed.deliveryError?.contains("3 attempts") == true)
        #expect(failed.deliveryError?.contains("homeserver unreachable") == true)
        #expect(await sink.attempts == 3)
    }

    @Test func badRequestsAreRefusedAndLoseNothing() async throws {
        let h = try RunHarness.make()
        try await h.manager.start()
        await #expect(throws: RunError.self) { try await h.spawn("nobody") }
        await #expect(throws: RunError.self) { try await h.spawn("worker", "   ") }
        await #expect(throws: RunError.self) { try await h.spawn("worker", timeout: 0) }
        await #expect(throws: RunError.self) { try await h.spawn("worker", parent: RunID(rawValue: "rmissing")) }
        await #expect(throws: RunError.self) { try await h.manager.kill(RunID(rawValue: "rmissing")) }
        #expect(try await h.manager.list().isEmpty)
    }
}
