import Foundation
import GRDB
import Logging
@testable import MatrixAppService
@testable import MatrixCrypto
import PostgresTestSupport
import Testing
import TroupePostgres

/// The databases the crypto store conformance tests run on: every test runs once per driver, so what the
/// machines rely on is proven the same for both.
enum StoreDriver: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    struct Stores: Sendable {
        let store: any CryptoStore
        /// The same database as a second Troupe process sees it (on PostgreSQL, a pool of its own).
        let otherProcess: any CryptoStore
    }

    /// The store on a fresh database with the crypto schema.
    func withStores<Result: Sendable>(_ body: @Sendable (Stores) async throws -> Result) async throws -> Result {
        switch self {
        case .sqlite:
            let queue = try DatabaseQueue()
            try TroupeDatabase.migrate(queue, migrations: [CryptoSchema.registerMigrations])
            return try await body(Stores(store: SQLiteCryptoStore(queue), otherProcess: SQLiteCryptoStore(queue)))
        case .postgres:
            return try await TestCluster.withFreshDatabase { uri in
                try await PostgresPool(uri: uri, maxConnections: 4, logger: quietLogger).withRunning { database in
                    var migrator = PostgresMigrator()
                    CryptoSchema.registerMigrations(&migrator)
                    try await migrator.migrate(database)
                    return try await PostgresPool(uri: uri, maxConnections: 4, logger: quietLogger).withRunning { other in
                        try await body(Stores(store: PostgresCryptoStore(database), otherProcess: PostgresCryptoStore(other)))
                    }
                }
            }
        }
    }
}
