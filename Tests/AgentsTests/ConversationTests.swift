import Foundation
import Testing
import GRDB
@testable import Agents

@Suite struct ConversationTests {
    @Test func turnsInOneConversationRunInOrderOneAtATime() async throws {
        let h = try Harness.make(extraEnv: ["FAKE_DELAY": "0.03"])
        var turns: [AgentTurn] = []
        for i in 1...3 { turns.append(await h.runtime.submit(agent: "main", chat: "c", text: "scenario:slow \(i)")) }
        var finishedOrder: [Int] = []
        try await withThrowingTaskGroup(of: (Int, [AgentEvent]).self) { group in
            for (index, turn) in turns.enumerated() {
                group.addTask { (index + 1, try await collect(turn)) }
            }
            for try await (index, events) in group {
                #expect(events.result != nil)
                if index > 1 { #expect(events.first == .queued(ahead: index - 1)) }
                finishedOrder.append(index)
            }
        }
        #expect(finishedOrder == [1, 2, 3])
        let prompts = h.invocations().map { $0.value("stdin") }
        #expect(prompts == ["scenario:slow 1", "scenario:slow 2", "scenario:slow 3"])
    }

    /// Events with the time they arrived, to see which turns overlapped.
    private func timed(_ turn: AgentTurn) async -> [(ContinuousClock.Instant, AgentEvent)] {
        var events: [(ContinuousClock.Instant, AgentEvent)] = []
        for await event in turn.events { events.append((ContinuousClock.now, event)) }
        return events
    }

    private func span(_ events: [(ContinuousClock.Instant, AgentEvent)]) -> (start: ContinuousClock.Instant, end: ContinuousClock.Instant)? {
        guard let start = events.first(where: { if case .started = $0.1 { true } else { false } })?.0,
              let end = events.last(where: { $0.1.isTerminal })?.0 else { return nil }
        return (start, end)
    }

    @Test func conversationsRunInParallel() async throws {
        let h = try Harness.make()
        let blocked = await h.runtime.submit(agent: "main", chat: "a", text: "scenario:hang")
        _ = try await h.waitForPids(2)
        // Chat b answers while chat a's turn is still running.
        #expect(try await h.ask("meanwhile", chat: "b").result?.text == "echo: meanwhile")
        #expect(await h.runtime.status(agent: "main", chat: "a")?.busy == true)
        await h.runtime.stop(agent: "main", chat: "a")
        #expect(try await collect(blocked).error?.kind == .stopped)
    }

    @Test func globalLimitBoundsConcurrentTurns() async throws {
        let h = try Harness.make(
            runtime: RuntimeSettings(maxConcurrentTurns: 1, turnTimeout: 20, timeoutWarning: 0, killGrace: 0.5),
            extraEnv: ["FAKE_DELAY": "0.05"])
        let a = await h.runtime.submit(agent: "main", chat: "a", text: "scenario:slow")
        let b = await h.runtime.submit(agent: "main", chat: "b", text: "scenario:slow")
        async let ea = timed(a)
        async let eb = timed(b)
        let (sa, sb) = (try #require(span(await ea)), try #require(span(await eb)))
        #expect(sa.end <= sb.start)  // b waited for a's slot
    }

    @Test func statusAnswersWhileATurnRuns() async throws {
        let h = try Harness.make()
        let running = await h.runtime.submit(agent: "main", chat: "c", text: "scenario:hang")
        _ = await h.runtime.submit(agent: "main", chat: "c", text: "queued")
        var iterator = running.events.makeAsyncIterator()
        while let event = await iterator.next() {
            if case .started = event { break }
        }
        let asked = ContinuousClock.now
        let status = try #require(await h.runtime.status(agent: "main", chat: "c"))
        #expect(ContinuousClock.now - asked < .milliseconds(200))
        #expect(status.busy)
        #expect(status.queueLength == 1)
        #expect(status.provider == "claude")
        #expect(status.sessionID != nil)  // the init line already named it
        await h.runtime.stop(agent: "main", chat: "c")
        while let event = await iterator.next() {
            if event.isTerminal { #expect(event == .failed(AgentError(.stopped))) }
        }
    }

    @Test func usageAndCostAccumulatePerConversation() async throws {
        let h = try Harness.make()
        _ = try await h.ask("one")
        _ = try await h.ask("two")
        _ = try await h.ask("other chat", chat: "elsewhere")
        let status = try #require(await h.runtime.status(agent: "main", chat: "test:chat"))
        #expect(status.turns == 2)
        #expect(status.usage == TokenUsage(inputTokens: 2 * 13003, outputTokens: 24, cachedInputTokens: 23600))
        #expect(abs(status.costUSD - 2 * 0.0123456) < 1e-9)
    }

    @Test func switchingProviderAndBackResumesEachSession() async throws {
        let h = try Harness.make()
        let claudeSession = try #require(try await h.ask("a").startedSession)
        try await h.runtime.setProvider("codex", agent: "main", chat: "test:chat")
        let codexSession = try #require(try await h.ask("b").startedSession)
        try await h.runtime.setProvider("claude", agent: "main", chat: "test:chat")
        _ = try await h.ask("c")
        try await h.runtime.setProvider("codex", agent: "main", chat: "test:chat")
        _ = try await h.ask("d")
        let calls = h.invocations()
        #expect(calls.count == 4)
        #expect(!calls[1].argv.contains { $0.hasPrefix("--resume") })
        #expect(calls[2].argv.suffix(1) == ["--resume=\(claudeSession)"])
        #expect(calls[2].value("stdin") == "c")
        #expect(calls[3].argv.suffix(4) == ["resume", "--", codexSession, "-"])
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.provider == "codex")
    }

    @Test func newSessionStartsFresh() async throws {
        let h = try Harness.make()
        _ = try await h.ask("a")
        await h.runtime.newSession(agent: "main", chat: "test:chat")
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.sessionID == nil)
        _ = try await h.ask("b")
        #expect(!h.invocations()[1].argv.contains { $0.hasPrefix("--resume") })
    }

    @Test func modelOverrideAppliesToTheNextTurn() async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: "claude", model: "sonnet")])
        try await h.runtime.setModel("opus", agent: "main", chat: "test:chat")
        _ = try await h.ask("a")
        #expect(h.invocations()[0].argv.contains("--model=opus"))
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.model == "opus")
        try await h.runtime.setModel(nil, agent: "main", chat: "test:chat")
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.model == "sonnet")
    }

    @Test func unknownProviderIsRefused() async throws {
        let h = try Harness.make()
        await #expect(throws: AgentError.self) {
            try await h.runtime.setProvider("cdex", agent: "main", chat: "c")
        }
    }

    @Test func settingsAndSessionsSurviveARestart() async throws {
        let temp = TempDirectory()
        let first = try Harness.make(temp: temp)
        let session = try #require(try await first.ask("a").startedSession)
        try await first.runtime.setModel("opus", agent: "main", chat: "test:chat")
        let second = try Harness.make(database: first.database, temp: temp)
        let status = try #require(await second.runtime.status(agent: "main", chat: "test:chat"))
        #expect(status.sessionID == session)
        #expect(status.model == "opus")
        #expect(status.turns == 1)
    }

    @Test func attachmentsAreListedInThePrompt() async throws {
        let h = try Harness.make()
        let turn = await h.runtime.submit(
            agent: "main", chat: "c", text: "look",
            attachments: [Attachment(path: "/data/in/cat.png", mimeType: "image/png")])
        _ = try await collect(turn)
        #expect(h.invocations()[0].value("stdin") == "look\n\nAttached files:\n- cat.png (image/png): /data/in/cat.png".replacingOccurrences(of: "\n", with: "\\n"))
    }

    @Test func runtimeAgentsPersistAndCanBeRemoved() async throws {
        let h = try Harness.make()
        try await h.runtime.addAgent("helper", AgentDefinition(provider: "gemini", displayname: "Helper"))
        #expect(try await h.ask("hi", agent: "helper").result?.text == "echo: hi")
        let again = try Harness.make(database: h.database, temp: h.temp)
        #expect(await again.runtime.agents()["helper"]?.displayname == "Helper")
        await #expect(throws: (any Error).self) { try await again.runtime.addAgent("Bad Name", AgentDefinition()) }
        await #expect(throws: AgentError.self) { try await again.runtime.removeAgent("main") }
        try await again.runtime.removeAgent("helper")
        #expect(await again.runtime.agents()["helper"] == nil)
    }

    @Test func removingKeepsHistoryUnlessPurged() async throws {
        let h = try Harness.make()
        func sessions(_ agent: String) throws -> Int {
            try h.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM agent_sessions WHERE agent = ?", arguments: [agent]) ?? 0 }
        }
        for name in ["kept", "purged"] {
            try await h.runtime.addAgent(name, AgentDefinition(provider: "claude", avatar: "mxc://x/y"))
            _ = try await h.ask("hi", agent: name)
            #expect(try sessions(name) == 1)
        }
        #expect(await h.runtime.agents()["kept"]?.avatar == "mxc://x/y")
        try await h.runtime.removeAgent("kept")
        try await h.runtime.removeAgent("purged", purge: true)
        #expect(try sessions("kept") == 1)
        #expect(try sessions("purged") == 0)
    }
}

@Suite struct RecoveryTests {
    @Test func turnsInFlightWhenTheProcessDiedAreReportedOnce() async throws {
        let temp = TempDirectory()
        let crashed = try Harness.make(temp: temp)
        let running = await crashed.runtime.submit(agent: "main", chat: "room1", text: "scenario:hang")
        let queued = await crashed.runtime.submit(agent: "main", chat: "room1", text: "waiting")
        _ = try await crashed.waitForPids(2)

        // A new runtime on the same database stands in for the restarted process.
        let restarted = try Harness.make(database: crashed.database, temp: temp)
        let recovered = try await restarted.runtime.recoverInterruptedTurns()
        #expect(recovered.map(\.prompt) == ["scenario:hang", "waiting"])
        #expect(recovered.map(\.wasRunning) == [true, false])
        #expect(recovered.allSatisfy { $0.agent == "main" && $0.chat == "room1" && $0.provider == "claude" })
        #expect(recovered.map(\.id) == [running.id, queued.id])
        #expect(try await restarted.runtime.recoverInterruptedTurns().isEmpty)
        // A runtime's own live turns are never mistaken for dead ones.
        let live = await restarted.runtime.submit(agent: "main", chat: "room2", text: "scenario:hang")
        _ = try await restarted.waitForPids(4)
        #expect(try await restarted.runtime.recoverInterruptedTurns().isEmpty)

        await restarted.runtime.stopAll()
        _ = try await collect(live)
        await crashed.runtime.stopAll()
        _ = try await collect(running)
        _ = try await collect(queued)
    }

    @Test func finishedTurnsLeaveNothingToRecover() async throws {
        let temp = TempDirectory()
        let h = try Harness.make(temp: temp)
        _ = try await h.ask("done")
        let restarted = try Harness.make(database: h.database, temp: temp)
        #expect(try await restarted.runtime.recoverInterruptedTurns().isEmpty)
    }
}
