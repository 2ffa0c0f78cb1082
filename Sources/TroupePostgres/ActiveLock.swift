import Logging
import PostgresNIO

/// Makes one of several processes sharing a database the active one: `pg_advisory_lock` on a connection of its
/// own, outside the pool, held for as long as that connection lives. The server drops the lock when the
/// connection ends (a crash, a kill, a network cut), so a standby waiting for it takes over; and a holder that
/// loses its connection must assume the standby already has, so the work it guards is cancelled at once.
public struct ActiveLock: Sendable {
    public let key: AdvisoryLockKey
    let configuration: PostgresConnection.Configuration
    /// How often the held connection is probed, so a silent network cut is noticed and not only a closed socket,
    /// and how long a probe may take before the connection counts as lost.
    let heartbeat: Duration
    let heartbeatTimeout: Duration
    let logger: Logger

    public init(uri: PostgresURI, key: AdvisoryLockKey, applicationName: String = "troupe-active-lock",
                heartbeat: Duration = .seconds(5), heartbeatTimeout: Duration = .seconds(5), logger: Logger) throws {
        self.key = key
        configuration = try uri.connectionConfiguration(applicationName: applicationName)
        self.heartbeat = heartbeat
        self.heartbeatTimeout = heartbeatTimeout
        self.logger = logger
    }

    /// Waits until this process holds the lock, runs `body` while it does, and releases the lock when `body`
    /// returns. If the connection is lost first, `body` is cancelled and `ActiveLockLost` is thrown.
    public func whileHeld<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await acquire(on: connection)
            let result = try await runGuarded(body, on: connection)
            try? await connection.execute("SELECT pg_advisory_unlock(\(key.value))", logger: logger)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private func acquire(on connection: PostgresConnection) async throws {
        // Without it a backend still waiting for the lock when we go away would hold it a moment before it
        // noticed (PostgreSQL 14+ on Linux; older servers refuse the setting, which changes nothing else).
        try? await connection.execute("SET client_connection_check_interval = 1000", logger: logger)
        let rows = try await connection.query("SELECT pg_try_advisory_lock(\(key.value))", logger: logger)
        var taken = false
        for try await granted in rows.decode(Bool.self) { taken = granted }
        if !taken {
            let holder = await holder(connection)
            logger.notice("another process is active: waiting for the active lock", metadata: ["lock": "\(key)", "holder": "\(holder)"])
            // Cancelling the wait closes the connection, which is the only way to end a blocked query.
            try await withTaskCancellationHandler {
                try await connection.execute("SELECT pg_advisory_lock(\(key.value))", logger: logger)
            } onCancel: {
                closeNow(connection)
            }
            try Task.checkCancellation()
        }
        logger.notice("holding the active lock", metadata: ["lock": "\(key)"])
    }

    /// Who holds the lock now, for the log line a waiting standby writes.
    private func holder(_ connection: PostgresConnection) async -> String {
        let high = Int64(UInt64(bitPattern: key.value) >> 32), low = Int64(UInt64(bitPattern: key.value) & 0xFFFF_FFFF)
        let query: PostgresQuery = """
            SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(host(a.client_addr), 'local')
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid::bigint = \(high) AND l.objid::bigint = \(low)
            """
        do {
            for try await (pid, name, address) in try await connection.query(query, logger: logger).decode((Int32, String, String).self) {
                return "pid \(pid) (\(name)) from \(address)"
            }
            return "unknown"
        } catch {
            return "unknown"
        }
    }

    private enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case lost(String)
        case watching
    }

    private func runGuarded<Result: Sendable>(_ body: @escaping @Sendable () async throws -> Result,
                                              on connection: PostgresConnection) async throws -> Result {
        let (losses, signal) = AsyncStream.makeStream(of: String.self)
        connection.closeFuture.whenComplete { _ in signal.yield("the connection to PostgreSQL closed") }
        defer { signal.finish() }
        return try await withThrowingTaskGroup(of: Outcome<Result>.self) { group in
            group.addTask { .finished(try await body()) }
            group.addTask {
                for await reason in losses { return .lost(reason) }
                return .watching
            }
            group.addTask {
                await probe(connection, signal: signal)
                return .watching
            }
            defer { group.cancelAll() }
            while let outcome = try await group.next() {
                switch outcome {
                case .finished(let value): return value
                case .lost(let reason):
                    logger.critical("lost the active lock: stopping", metadata: ["lock": "\(key)", "reason": "\(reason)"])
                    throw ActiveLockLost(reason: reason)
                case .watching: continue
                }
            }
            throw CancellationError()
        }
    }

    /// `SELECT 1` every heartbeat; one that fails, or takes longer than `heartbeatTimeout`, ends the connection.
    private func probe(_ connection: PostgresConnection, signal: AsyncStream<String>.Continuation) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: heartbeat)
            } catch {
                return
            }
            // A query on a dead link would wait for TCP to give up; closing the connection ends it now.
            let deadline = Task { [heartbeatTimeout] in
                try await Task.sleep(for: heartbeatTimeout)
                closeNow(connection)
            }
            defer { deadline.cancel() }
            do {
                try await connection.execute("SELECT 1", logger: logger)
            } catch {
                signal.yield("the heartbeat query failed: \(PostgresErrorText.describe(error))")
                return
            }
        }
    }
}

/// Closes without waiting, from synchronous code (a cancellation handler) too.
private func closeNow(_ connection: PostgresConnection) {
    let closing: EventLoopFuture<Void> = connection.close()
    closing.whenComplete { _ in }
}

/// The active lock is gone: another process may be serving already, so this one must stop.
public struct ActiveLockLost: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "lost the active lock: \(reason)" }
}
