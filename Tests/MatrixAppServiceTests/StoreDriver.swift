import Foundation
import GRDB
import Logging
@testable import MatrixAppService
import PostgresTestSupport
import Testing
import TroupePostgres

/// The databases the store conformance tests run on: every test runs once per driver, so the semantics
/// the rest of Troupe relies on are proven the same for both.
enum StoreDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The stores on a fresh database, with this module's schema.
    struct Stores: Sendable {
        let inbox: any InboxStore
        let state: any StateStore
        /// A second state store on the same database, with nothing in memory yet.
        let coldState: @Sendable () -> any StateStore
    }

    func withStores<Result: Sendable>(_ body: @Sendable (Stores) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let queue = try makeDatabase()
            return try await body(Stores(inbox: SQLiteInboxStore(queue), state: SQLiteStateStore(queue),
                                         coldState: { SQLiteStateStore(queue) }))
        case .postgres:
            return try await TestCluster.withFreshDatabase { uri in
                try await PostgresPool(uri: uri, maxConnections: 4, logger: quietLogger).withRunning { database in
                    var migrator = PostgresMigrator()
                    AppServiceSchema.registerMigrations(&migrator)
                    try await migrator.migrate(database)
                    return try await body(Stores(inbox: PostgresInboxStore(database), state: PostgresStateStore(database),
                                                 coldState: { PostgresStateStore(database) }))
                }
            }
        }
    }
}
