import Foundation
import Testing
@testable import Agents

/// stop / interrupt / timeouts against fakes that really run (and really die).
@Suite struct ProcessControlTests {
    @Test func stopKillsTheWholeTreeAndDropsTheQueue() async throws {
        let h = try Harness.make()
        let running = await h.runtime.submit(agent: "main", chat: "c", text: "scenario:hang")
        let queued = await h.runtime.submit(agent: "main", chat: "c", text: "after")
        let pids = try await h.waitForPids(2)  // the fake and its grandchild
        #expect(pids.allSatisfy { !isDead($0) })

        let outcome = await h.runtime.stop(agent: "main", chat: "c")
        #expect(outcome == StopOutcome(stoppedRunning: true, droppedQueued: 1))
        let runningEvents = try await collect(running)
        #expect(runningEvents.error?.kind == .stopped)
        let queuedEvents = try await collect(queued)
        #expect(queuedEvents.first == .queued(ahead: 1))
        #expect(queuedEvents.error?.kind == .stopped)
        #expect(await waitUntilDead(pids))
        #expect(h.invocations().count == 1)  // the dropped turn never started a process
        // Busy lasts until the process is reaped, a moment after the failed event.
        #expect(await eventually { await h.runtime.status(agent: "main", chat: "c").map { !$0.busy && $0.queueLength == 0 } ?? false })
    }

    @Test func stopEscalatesToSIGKILLWhenTermIsIgnored() async throws {
        // bash ignores nothing by default, so trap TERM in a wrapper to simulate a stubborn tool.
        let temp = TempDirectory()
        let script = temp.file("stubborn")
        try """
            #!/bin/bash
            trap '' TERM
            echo $$ >> "$FAKE_PIDFILE"
            echo '{"type":"system","subtype":"init","session_id":"x"}'
            while true; do sleep 0.05; done
            """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let h = try Harness.make(providers: ["claude": ProviderSettings(command: script, env: ["FAKE_PIDFILE": temp.file("pids.txt")])],
                                 agents_: ["main": AgentDefinition()])
        let turn = await h.runtime.submit(agent: "main", chat: "c", text: "x")
        let pidText = try await waitForFile(temp.file("pids.txt"))
        let pid = try #require(pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let started = ContinuousClock.now
        await h.runtime.stop(agent: "main", chat: "c")
        let events = try await collect(turn)
        #expect(events.error?.kind == .stopped)
        #expect(await waitUntilDead([pid]))
        #expect(ContinuousClock.now - started >= .milliseconds(400))  // kill_grace 0.5 s in the harness
    }

    @Test func interruptEndsTheTurnButTheQueueGoesOn() async throws {
        let h = try Harness.make()
        let running = await h.runtime.submit(agent: "main", chat: "c", text: "scenario:hang")
        let next = await h.runtime.submit(agent: "main", chat: "c", text: "next one")
        let pids = try await h.waitForPids(2)
        #expect(await h.runtime.interrupt(agent: "main", chat: "c"))
        let interrupted = try await collect(running)
        #expect(interrupted.error?.kind == .interrupted)
        let followUp = try await collect(next)
        #expect(followUp.result?.text == "echo: next one")
        #expect(await waitUntilDead(Array(pids.prefix(2))))
    }

    @Test func interruptWithNothingRunningIsFalse() async throws {
        let h = try Harness.make()
        #expect(await h.runtime.interrupt(agent: "main", chat: "c") == false)
    }

    @Test func silentToolTimesOutWithAWarningFirst() async throws {
        let h = try Harness.make(runtime: RuntimeSettings(turnTimeout: 2.0, timeoutWarning: 1.0, timeoutExtension: 0, killGrace: 0.2))
        let turn = await h.runtime.submit(agent: "main", chat: "c", text: "scenario:hang")
        let events = try await collect(turn)
        #expect(events.notices.contains { $0.hasPrefix("This turn will be stopped in about") })
        let error = try #require(events.error)
        #expect(error.kind == .timedOut)
        #expect(error.message.contains("runtime.turn_timeout"))
        #expect(await waitUntilDead(h.pids()))
    }

    @Test func outputExtendsTheLimitUpToTheMaximum() async throws {
        // Output every 0.1 s: the 3 s limit moves twice (to 5.4 s, 7.8 s) and stops at the 7.8 s ceiling. The
        // limits are generous so that a loaded machine (a slow fake start) cannot eat the first window.
        let h = try Harness.make(runtime: RuntimeSettings(
            turnTimeout: 3.0, timeoutWarning: 0, timeoutExtension: 2.4, maxTurnDuration: 7.8, killGrace: 0.2))
        let started = ContinuousClock.now
        let events = try await collect(await h.runtime.submit(agent: "main", chat: "c", text: "scenario:chatty_forever"))
        let elapsed = ContinuousClock.now - started
        #expect(events.notices.filter { $0.contains("time limit moved") }.count >= 2)
        #expect(events.error?.kind == .timedOut)
        #expect(elapsed >= .milliseconds(7700))
        // The ceiling ends a turn that would talk forever; the bound is loose because a loaded machine (parallel
        // builds) slows the fake's start and the kill, and the point is that it ends at all.
        #expect(elapsed < .seconds(40))
    }

    @Test func slowButSteadyTurnFinishesWithinItsExtension() async throws {
        // 6 lines, 0.5 s apart: longer than the 2 s limit, but output keeps coming (gaps far below the limit,
        // so a loaded machine's scheduling delays do not look like silence).
        let h = try Harness.make(
            runtime: RuntimeSettings(turnTimeout: 2.0, timeoutWarning: 0, timeoutExtension: 2.0, maxTurnDuration: 15, killGrace: 0.2),
            extraEnv: ["FAKE_DELAY": "0.5"])
        let events = try await collect(await h.runtime.submit(agent: "main", chat: "c", text: "scenario:slow"))
        #expect(events.result?.text == "one two three four")
        #expect(events.texts == ["one ", "two ", "three ", "four"])
    }

    @Test func stopAllStopsEveryConversation() async throws {
        let h = try Harness.make()
        let a = await h.runtime.submit(agent: "main", chat: "a", text: "scenario:hang")
        let b = await h.runtime.submit(agent: "main", chat: "b", text: "scenario:hang")
        let pids = try await h.waitForPids(4)
        await h.runtime.stopAll()
        #expect(try await collect(a).error?.kind == .stopped)
        #expect(try await collect(b).error?.kind == .stopped)
        #expect(await waitUntilDead(pids))
    }
}

func waitForFile(_ path: String, timeout: Double = 5) async throws -> String {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty { return text }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw TestTimeout(seconds: timeout)
}

func eventually(timeout: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return false
}
