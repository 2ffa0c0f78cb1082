import Foundation
import GRDB
import Logging
@testable import Agents
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// The databases the store conformance tests run on: every test runs once per driver, so the semantics
/// the rest of Troupe relies on are proven the same for both. A missing PostgreSQL fails the tests.
enum StoreDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A fresh database with the Agents schema: its stores, and plain SQL for what the stores do not show.
    struct Database: Sendable {
        let stores: AgentStores
        /// Runs one statement of literal SQL, the same text on both databases.
        let execute: @Sendable (String) async throws -> Void
        /// The single integer a `SELECT COUNT(*) …` returns.
        let count: @Sendable (String) async throws -> Int

        func turns(_ instance: String) -> any TurnStore { stores.turns(instance) }
    }

    func withDatabase<Result: Sendable>(_ body: @Sendable (Database) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue()
            try AgentsSchema.migrate(queue)
            return try await body(Database(
                stores: .sqlite(queue),
                execute: { sql in try await queue.write { try $0.execute(sql: sql) } },
                count: { sql in try await queue.read { try Int.fetchOne($0, sql: sql) ?? 0 } }))
        case .postgres:
            return try await Self.withPostgres { pool in
                try await body(Database(
                    stores: .postgres(pool),
                    execute: { sql in try await pool.execute(PostgresQuery(unsafeSQL: sql)) },
                    count: { sql in
                        var count = 0
                        for try await value in try await pool.client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { count = value }
                        return count
                    }))
            }
        }
    }

    /// A fresh PostgreSQL database with the Agents schema, its pool running.
    static func withPostgres<Result: Sendable>(_ body: @Sendable (PostgresPool) async throws -> Result) async throws -> Result {
        try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, maxConnections: 6, logger: quietLogger).withRunning { pool in
                var migrator = PostgresMigrator()
                AgentsSchema.registerMigrations(&migrator)
                try await migrator.migrate(pool)
                return try await body(pool)
            }
        }
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "agents-tests")
    logger.logLevel = .critical
    return logger
}()
