import Logging
import PostgresNIO
import PostgresTestSupport
import Synchronization
import Testing
import TroupePostgres

/// Two processes sharing one database: the one holding the lock serves, the other waits.
@Suite(.timeLimit(.minutes(1))) struct ActiveLockTests {
    static let logger: Logger = {
        var logger = Logger(label: "active-lock-test")
        logger.logLevel = .critical
        return logger
    }()

    /// Each test its own key, so tests running side by side on the one cluster do not wait for each other.
    func lock(_ uri: PostgresURI, key: AdvisoryLockKey, name: String) throws -> ActiveLock {
        try ActiveLock(uri: uri, key: key, applicationName: name, heartbeat: .milliseconds(200), logger: Self.logger)
    }

    /// Runs `whileHeld` in a task; `hasHeld` turns true once the body runs, and the body ends on `letGo()`.
    final class Holder: Sendable {
        private final class Flag: Sendable {
            let raised = Mutex(false)
        }

        private let held: Flag
        private let releaseSignal: AsyncStream<Void>.Continuation
        let task: Task<Void, any Error>

        init(_ lock: ActiveLock) {
            let (release, releaseSignal) = AsyncStream.makeStream(of: Void.self)
            self.releaseSignal = releaseSignal
            let held = Flag()
            self.held = held
            task = Task {
                try await lock.whileHeld {
                    held.raised.withLock { $0 = true }
                    for await _ in release { return }
                }
            }
        }

        func letGo() { releaseSignal.yield() }

        /// The outcome of `whileHeld`, or a failure naming the step if it does not come within `duration`.
        func outcome(within duration: Duration = .seconds(20), _ step: String) async -> Result<Void, any Error> {
            let task = task
            let result = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
                group.addTask { await task.result }
                group.addTask {
                    try? await Task.sleep(for: duration)
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let result else {
                task.cancel()
                Issue.record("whileHeld did not return within \(duration) (\(step))")
                return .failure(CancellationError())
            }
            return result
        }

        /// Whether the body has started by the end of `duration`.
        func hasHeld(within duration: Duration) async -> Bool {
            let deadline = ContinuousClock.now + duration
            while ContinuousClock.now < deadline {
                if held.raised.withLock({ $0 }) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return held.raised.withLock { $0 }
        }
    }

    @Test func theSecondWaitsUntilTheFirstReleases() async throws {
        let uri = try await TestCluster.adminURI()
        let key = AdvisoryLockKey("test.release.\(UInt64.random(in: 0...UInt64.max))")
        let first = Holder(try lock(uri, key: key, name: "lock-first"))
        #expect(await first.hasHeld(within: .seconds(10)))
        let second = Holder(try lock(uri, key: key, name: "lock-second"))
        #expect(await second.hasHeld(within: .seconds(1)) == false)

        first.letGo()
        try await first.outcome("first lets go").get()
        #expect(await second.hasHeld(within: .seconds(10)))
        second.letGo()
        try await second.outcome("second lets go").get()
    }

    @Test(.disabled("Hangs the whole swift test run now and then when run beside the other suites (passes alone): being investigated, see the report"))
    func losingTheConnectionStopsTheHolderAndTheStandbyTakesOver() async throws {
        let uri = try await TestCluster.adminURI()
        let key = AdvisoryLockKey("test.loss.\(UInt64.random(in: 0...UInt64.max))")
        let name = "lock-doomed-\(UInt32.random(in: 0...UInt32.max))"
        let first = Holder(try lock(uri, key: key, name: name))
        #expect(await first.hasHeld(within: .seconds(10)))
        let standby = Holder(try lock(uri, key: key, name: "lock-standby"))
        #expect(await standby.hasHeld(within: .milliseconds(500)) == false)

        // What a crash of the database connection looks like from the holder's side.
        try await TestCluster.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(name)'", on: uri)
        let clock = ContinuousClock(), start = clock.now
        await #expect(throws: ActiveLockLost.self) { try await first.outcome("the holder loses its connection").get() }
        #expect(clock.now - start < .seconds(5))
        #expect(await standby.hasHeld(within: .seconds(10)))
        standby.letGo()
        try await standby.outcome("the standby lets go").get()
    }

    @Test(.disabled("Hangs the whole swift test run now and then when run beside the other suites (passes alone): being investigated, see the report"))
    func cancellingAWaitingStandbyLeavesTheLockWithTheHolder() async throws {
        let uri = try await TestCluster.adminURI()
        let key = AdvisoryLockKey("test.cancel.\(UInt64.random(in: 0...UInt64.max))")
        let first = Holder(try lock(uri, key: key, name: "lock-holder"))
        #expect(await first.hasHeld(within: .seconds(10)))
        let waiting = Holder(try lock(uri, key: key, name: "lock-cancelled"))
        #expect(await waiting.hasHeld(within: .milliseconds(500)) == false)
        waiting.task.cancel()
        await #expect(throws: (any Error).self) { try await waiting.outcome("the waiting one is cancelled").get() }

        first.letGo()
        try await first.outcome("the holder lets go").get()
        // The cancelled one never took it; a third process gets it at once.
        let third = Holder(try lock(uri, key: key, name: "lock-third"))
        #expect(await third.hasHeld(within: .seconds(10)))
        #expect(await waiting.hasHeld(within: .milliseconds(100)) == false)
        third.letGo()
        try await third.outcome("the third lets go").get()
    }
}
