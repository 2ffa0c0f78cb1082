import Foundation
import GRDB
import Logging
@testable import Bridge
import PostgresTestSupport
import Testing
import TroupePostgres

/// The databases the bridge's store conformance tests run on: every test runs once per driver, so what the
/// bridge relies on is proven the same for both. A missing PostgreSQL fails the tests, it never skips them.
enum StoreDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The bridge's stores on a fresh database with the bridge's schema.
    func withStores<Result: Sendable>(_ body: @Sendable (BridgeStores) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue()
            var migrator = DatabaseMigrator()
            BridgeSchema.registerMigrations(&migrator)
            try migrator.migrate(queue)
            return try await body(.sqlite(queue))
        case .postgres:
            return try await TestCluster.withFreshDatabase { uri in
                try await PostgresPool(uri: uri, maxConnections: 6, logger: storeTestLogger).withRunning { database in
                    var migrator = PostgresMigrator()
                    BridgeSchema.registerMigrations(&migrator)
                    try await migrator.migrate(database)
                    return try await body(.postgres(database))
                }
            }
        }
    }
}

let storeTestLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()
