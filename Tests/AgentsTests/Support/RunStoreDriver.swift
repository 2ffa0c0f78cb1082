@testable import Agents
import Foundation
import GRDB
import Logging
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// The databases the run stores' conformance tests run on: every test runs once per driver, so the semantics
/// RunManager relies on are proven the same for both. A missing PostgreSQL fails the PostgreSQL runs.
enum RunStoreDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    struct Stores: Sendable {
        let runs: any RunStore
        let prompts: any RunPromptStore
        let deliveries: any DeliveryStore
        /// The same database as another process sees it (PostgreSQL: a pool of its own), for races.
        let rival: RunStores
        /// One statement without values, for what a test sets up or checks beside the stores.
        let execute: @Sendable (String) async throws -> Void
        /// The first column of the first row of a `SELECT COUNT(*) …`.
        let count: @Sendable (String) async throws -> Int
    }

    static let logger: Logger = {
        var logger = Logger(label: "run-store-tests")
        logger.logLevel = .critical
        return logger
    }()

    func withStores<Result: Sendable>(_ body: @Sendable (Stores) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue()
            try AgentsSchema.migrate(queue)
            let stores = RunStores.sqlite(queue)
            return try await body(Stores(
                runs: stores.runs, prompts: stores.prompts, deliveries: stores.deliveries, rival: .sqlite(queue),
                execute: { sql in try await queue.write { try $0.execute(sql: sql) } },
                count: { sql in try await queue.read { try Int.fetchOne($0, sql: sql) ?? 0 } }))
        case .postgres:
            return try await TestCluster.withFreshDatabase { uri in
                try await PostgresPool(uri: uri, maxConnections: 4, logger: Self.logger).withRunning { database in
                    var migrator = PostgresMigrator()
                    AgentsSchema.registerMigrations(&migrator)
                    try await migrator.migrate(database)
                    return try await PostgresPool(uri: uri, maxConnections: 4, logger: Self.logger).withRunning { rival in
                        let stores = RunStores.postgres(database)
                        return try await body(Stores(
                            runs: stores.runs, prompts: stores.prompts, deliveries: stores.deliveries, rival: .postgres(rival),
                            execute: { sql in try await database.execute(PostgresQuery(unsafeSQL: sql)) },
                            count: { sql in
                                var count = 0
                                let rows = try await database.client.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
                                for try await value in rows.decode(Int.self) { count = value }
                                return count
                            }))
                    }
                }
            }
        }
    }
}

extension Run {
    /// A run with every optional column filled, `created` seconds after a fixed instant.
    static func sample(_ id: String, parent: String? = nil, state: RunState = .queued, created: Double = 0) -> Run {
        Run(
            id: RunID(rawValue: id), parent: parent.map(RunID.init(rawValue:)), depth: parent == nil ? 1 : 2,
            routing: RunRouting(agent: "main", chat: "test:chat", origin: "matrix:!room:test", user: "@alice:test"),
            rootChat: "test:chat", task: "do the thing", agent: "worker", role: nil, provider: nil, model: nil,
            state: state, result: nil, error: nil, usage: .zero, costUSD: 0, timeout: 600, tokenBudget: nil,
            delivery: .none, deliveryError: nil, createdAt: Date(timeIntervalSince1970: 1_800_000_000 + created),
            startedAt: nil, finishedAt: nil)
    }
}
