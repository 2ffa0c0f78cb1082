import Foundation
import Testing
@testable import Agents

/// Exactly once across crashes: one turn per origin, stored answers delivered instead of rerun, interrupted
/// turns resumed in their session, and a limit on how often.
@Suite struct DurableTurnTests {
    private func submit(_ h: Harness, _ text: String, origin: String, chat: ChatKey = "room1") async -> AgentTurn {
        await h.runtime.submit(agent: "main", chat: chat, text: text, origin: TurnOrigin(key: origin, requester: "@alice:x"))
    }

    @Test func anOriginSubmittedAgainRunsNothing() async throws {
        let temp = TempDirectory()
        let h = try Harness.make(temp: temp)
        let first = await submit(h, "hello", origin: "$event1")
        #expect(try await collect(first).result?.text == "echo: hello")
        await h.runtime.turnDelivered(first.id)
        let again = await submit(h, "hello", origin: "$event1")
        #expect(again.isDuplicate)
        #expect(try await collect(again).isEmpty)
        // The same event replayed into a restarted process is still known.
        let restarted = try Harness.make(database: h.database, temp: temp)
        #expect(await submit(restarted, "hello", origin: "$event1").isDuplicate)
        #expect(h.invocations().count == 1)
        // Another event, or the same event in another chat, is a turn of its own.
        #expect(!(await submit(restarted, "hello", origin: "$event2").isDuplicate))
        #expect(!(await submit(restarted, "hello", origin: "$event1", chat: "room2").isDuplicate))
    }

    @Test func anAnswerStoredBeforeTheCrashIsDeliveredNotRunAgain() async throws {
        let temp = TempDirectory()
        let crashed = try Harness.make(temp: temp)
        let turn = await submit(crashed, "hello", origin: "$event1")
        #expect(try await collect(turn).result?.text == "echo: hello")
        // The process died before the transport confirmed the answer was shown.
        let restarted = try Harness.make(database: crashed.database, temp: temp)
        let recovered = try await restarted.runtime.recoverInterruptedTurns()
        #expect(recovered.map(\.recovery) == [.deliver(answer: "echo: hello")])
        #expect(recovered.first?.origin == TurnOrigin(key: "$event1", requester: "@alice:x"))
        await restarted.runtime.turnDelivered(turn.id)
        #expect(try await Harness.make(database: crashed.database, temp: temp).runtime.recoverInterruptedTurns().isEmpty)
        #expect(crashed.invocations().count == 1)
    }

    @Test func aDeliveredAnswerLeavesNothingToRecover() async throws {
        let temp = TempDirectory()
        let h = try Harness.make(temp: temp)
        let turn = await submit(h, "hello", origin: "$event1")
        _ = try await collect(turn)
        await h.runtime.turnDelivered(turn.id)
        #expect(try await Harness.make(database: h.database, temp: temp).runtime.recoverInterruptedTurns().isEmpty)
    }

    @Test func interruptedTurnsAreResumedInTheirSessionInOrder() async throws {
        let temp = TempDirectory()
        let release = temp.file("release")
        let stopped = try Harness.make(temp: temp)
        let running = await submit(stopped, "scenario:wait_file \(release)", origin: "$running")
        let queued = await submit(stopped, "after it", origin: "$queued")
        _ = try await stopped.waitForPids(1)
        // The session id the CLI announced is stored before the shutdown.
        try await waitUntil { await stopped.runtime.status(agent: "main", chat: "room1")?.sessionID != nil }
        let session = try #require(await stopped.runtime.status(agent: "main", chat: "room1")?.sessionID)
        // SIGTERM: the running turn's process is killed, and neither turn tells the user it stopped.
        await stopped.runtime.suspendAll()
        #expect(try await collect(running).filter(\.isTerminal).isEmpty)
        #expect(try await collect(queued).filter(\.isTerminal).isEmpty)

        let restarted = try Harness.make(database: stopped.database, temp: temp)
        let recovered = try await restarted.runtime.recoverInterruptedTurns()
        #expect(recovered.map(\.id) == [running.id, queued.id])
        #expect(recovered.map(\.recovery) == [.resume, .resume])
        #expect(recovered.map(\.wasRunning) == [true, false])
        #expect(FileManager.default.createFile(atPath: release, contents: Data()))
        let resumed = try #require(await restarted.runtime.resume(recovered[0]))
        let next = try #require(await restarted.runtime.resume(recovered[1]))
        #expect(await restarted.runtime.resume(recovered[0]) == nil)  // taken up once only
        #expect(try await collect(resumed).result?.text == "released")
        #expect(try await collect(next).result?.text == "echo: after it")
        let calls = restarted.invocations()
        #expect(calls.count == 3)
        let again = try #require(calls.dropFirst().first)
        #expect(again.argv.contains("--resume=\(session)"))  // the interrupted session
        #expect(again.value("stdin")?.hasPrefix("(Troupe restarted while you were working on this message") == true)
        #expect(calls.last?.value("stdin") == "after it")
    }

    @Test func aTurnInterruptedTooOftenWhileRunningIsGivenUp() async throws {
        let temp = TempDirectory()
        let first = try Harness.make(temp: temp)
        let turn = await submit(first, "scenario:hang", origin: "$event1")
        let waiting = await submit(first, "behind it", origin: "$event2")
        var pids = 2
        _ = try await first.waitForPids(pids)
        await first.runtime.suspendAll()
        _ = try await collect(turn)
        _ = try await collect(waiting)
        var seen: [InterruptedTurn.Recovery] = []
        var counts: [Int] = []
        for _ in 0...InterruptedTurn.maxInterruptions {
            let next = try Harness.make(database: first.database, temp: temp)
            for recovered in try await next.runtime.recoverInterruptedTurns() where recovered.id == turn.id {
                seen.append(recovered.recovery)
                counts.append(recovered.interruptions)
                // Each process runs it again and dies while it runs.
                guard recovered.recovery == .resume, let again = await next.runtime.resume(recovered) else { continue }
                pids += 2
                _ = try await next.waitForPids(pids)
                await next.runtime.suspendAll()
                _ = try await collect(again)
            }
        }
        #expect(seen == Array(repeating: .resume, count: InterruptedTurn.maxInterruptions) + [.giveUp])
        #expect(counts == Array(1...(InterruptedTurn.maxInterruptions + 1)))
        // The turn waiting behind it was never running (each process recovered it but died before taking it up):
        // it is still to be resumed, not given up.
        let last = try await Harness.make(database: first.database, temp: temp).runtime.recoverInterruptedTurns()
        #expect(last.map(\.id) == [waiting.id])
        #expect(last.map(\.recovery) == [.resume])
        #expect(last.map(\.interruptions) == [0])
        // Given up still counts as handled: the event replayed does not run it again.
        #expect(await submit(first, "scenario:hang", origin: "$event1").isDuplicate)
    }

    @Test func idleConversationsAreRetiredAndComeBackWithTheirState() async throws {
        let h = try Harness.make()
        let limit = AgentRuntime.idleConversationLimit
        for i in 0..<(limit + 20) { _ = try await h.ask("hi \(i)", chat: ChatKey("chat\(i)")) }
        #expect(await h.runtime.liveConversationCount <= limit + 1)
        // A busy conversation is never retired.
        let busy = await h.runtime.submit(agent: "main", chat: "busy", text: "scenario:hang")
        _ = try await h.waitForPids(limit + 20 + 2)
        for i in 0..<(limit + 5) { _ = try await h.ask("more \(i)", chat: ChatKey("other\(i)")) }
        #expect(await h.runtime.status(agent: "main", chat: "busy")?.busy == true)
        await h.runtime.stop(agent: "main", chat: "busy")
        _ = try await collect(busy)
        // A retired conversation's totals and session were stored, and are read back.
        let status = try #require(await h.runtime.status(agent: "main", chat: "chat0"))
        #expect(status.turns == 1)
        #expect(status.sessionID != nil)
    }
}

/// Polls `condition` until it holds (at most `timeout` seconds).
func waitUntil(timeout: Double = 10, _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TestTimeout(seconds: timeout)
}
