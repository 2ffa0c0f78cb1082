import Foundation
import GRDB
import Testing
@testable import Agents

/// A runtime plus run manager whose agents each use a fake CLI with a fixed scenario, so a run's task text
/// never steers the fake (the requester reads that text back in its result prompt).
struct RunHarness {
    let harness: Harness
    let manager: RunManager
    var runtime: AgentRuntime { harness.runtime }
    var database: DatabaseQueue { harness.database }

    static let routing = RunRouting(agent: "main", chat: "test:chat", origin: "matrix:!room:test", user: "@alice:test")

    /// Agents: `main` (answers at once), `worker` (answers at once), `hanger` (never finishes, with a
    /// grandchild process), `slowpoke` (one line a second).
    static func make(
        runs: RunSettings = RunSettings(),
        database: DatabaseQueue? = nil,
        temp: TempDirectory = TempDirectory()
    ) throws -> RunHarness {
        let env = ["FAKE_RECORD": temp.file("record.txt"), "FAKE_PIDFILE": temp.file("pids.txt"), "FAKE_DELAY": "0.05"]
        func fake(_ scenario: String, extra: [String: String] = [:]) -> ProviderSettings {
            ProviderSettings(kind: .claude, command: Fixtures.fakeCLI("claude"),
                             env: env.merging(["FAKE_SCENARIO": scenario].merging(extra) { _, b in b }) { _, b in b })
        }
        let harness = try Harness.make(
            agents: [
                "main": AgentDefinition(provider: "claude"),
                "worker": AgentDefinition(provider: "claude"),
                "hanger": AgentDefinition(provider: "hanging"),
                "slowpoke": AgentDefinition(provider: "slow"),
            ],
            providers: ["hanging": fake("hang"), "slow": fake("slow", extra: ["FAKE_DELAY": "1"])],
            runtime: RuntimeSettings(maxConcurrentTurns: 16, turnTimeout: 60, timeoutWarning: 0, killGrace: 0.5, runs: runs),
            database: database, temp: temp)
        return RunHarness(harness: harness, manager: RunManager(runtime: harness.runtime, database: harness.database))
    }

    func spawn(_ agent: String, _ task: String = "do the thing", parent: RunID? = nil, tokenBudget: Int? = nil,
               timeout: Double? = nil) async throws -> Run {
        try await manager.spawn(
            RunRequest(agent: agent, task: task, routing: Self.routing, timeout: timeout, tokenBudget: tokenBudget), parent: parent)
    }
}

/// Collects what reaches the transport; fails the first `failures` attempts.
actor RecordingSink: ResultSink {
    private(set) var delivered: [RunResultDelivery] = []
    private(set) var attempts = 0
    private var failures: Int

    init(failures: Int = 0) { self.failures = failures }

    func deliver(_ delivery: RunResultDelivery) async throws {
        attempts += 1
        if failures > 0 {
            failures -= 1
            throw SinkDown()
        }
        delivered.append(delivery)
    }

    struct SinkDown: Error, CustomStringConvertible {
        var description: String { "homeserver unreachable" }
    }
}

/// Waits for the first update that `match` accepts; fails instead of hanging.
func waitFor<T: Sendable>(
    _ updates: AsyncStream<RunUpdate>, timeout: Double = 30, _ match: @escaping @Sendable (RunUpdate) -> T?
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            for await update in updates { if let found = match(update) { return found } }
            return nil
        }
        group.addTask {
            try await Task.sleep(for: .seconds(timeout))
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let found = first else { throw TestTimeout(seconds: timeout) }
        return found
    }
}

extension RunUpdate {
    /// The run, if this is a state change of `id` into `state`.
    func state(_ id: RunID, _ state: RunState) -> Run? {
        if case .state(let run) = self, run.id == id, run.state == state { return run }
        return nil
    }

    func delivery(_ id: RunID) -> Run? {
        if case .delivery(let run) = self, run.id == id { return run }
        return nil
    }
}

/// Every update up to and including the first that `last` accepts.
func collectUntil(
    _ updates: AsyncStream<RunUpdate>, timeout: Double = 30, _ last: @escaping @Sendable (RunUpdate) -> Bool
) async throws -> [RunUpdate] {
    try await withThrowingTaskGroup(of: [RunUpdate]?.self) { group in
        group.addTask {
            var seen: [RunUpdate] = []
            for await update in updates {
                seen.append(update)
                if last(update) { return seen }
            }
            return nil
        }
        group.addTask {
            try await Task.sleep(for: .seconds(timeout))
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let seen = first else { throw TestTimeout(seconds: timeout) }
        return seen
    }
}
