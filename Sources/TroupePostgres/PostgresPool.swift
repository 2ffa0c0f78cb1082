import Logging
import PostgresNIO

/// The pool every PostgreSQL store shares. Queries wait until `run()` is running (PostgresClient does its
/// connection work there), so the owner runs it as a service, or uses `withRunning` for one-shot work.
public struct PostgresPool: Sendable {
    public let client: PostgresClient
    public let uri: PostgresURI
    public let logger: Logger

    /// `database.max_open_conns` when the config does not say.
    public static let defaultMaxConnections = 10

    public init(uri: PostgresURI, maxConnections: Int = PostgresPool.defaultMaxConnections, logger: Logger) {
        self.uri = uri
        self.logger = logger
        client = PostgresClient(configuration: uri.clientConfiguration(maxConnections: maxConnections), backgroundLogger: logger)
    }

    /// Does the pool's background work until the task is cancelled.
    public func run() async { await client.run() }

    /// Runs `body` while the pool runs, then stops the pool.
    public func withRunning<Result: Sendable>(_ body: @Sendable (PostgresPool) async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(self)
        }
    }

    /// A query whose rows nobody reads (DDL, INSERT, UPDATE, DELETE).
    public func execute(_ query: PostgresQuery) async throws {
        try await client.query(query, logger: logger).drain()
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. The caller gets
    /// `body`'s own error once the rollback went through (postgres-nio wraps it), as with GRDB.
    public func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError, error.rollbackError == nil { throw closureError }
            if let beginError = error.beginError { throw beginError }
            if let commitError = error.commitError { throw commitError }
            throw error
        }
    }
}

extension PostgresRowSequence {
    /// Reads and drops every row, so the connection goes back to the pool.
    public func drain() async throws {
        for try await _ in self {}
    }
}

extension PostgresConnection {
    /// `query` with the rows read and dropped, inside a transaction.
    public func execute(_ query: PostgresQuery, logger: Logger) async throws {
        try await self.query(query, logger: logger).drain()
    }
}
