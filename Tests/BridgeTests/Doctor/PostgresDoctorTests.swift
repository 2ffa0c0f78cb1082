@testable import Bridge
import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// `doctor`'s database line on a real PostgreSQL: it writes nothing, tells an empty database from one at this
/// build's schema, and names who holds the active lock.
@Suite struct PostgresDoctorTests {
    static let logger = Logger(label: "doctor-test", factory: { _ in SwiftLogNoOpLogHandler() })

    func tables(_ uri: PostgresURI) async throws -> Int64 {
        try await PostgresPool(uri: uri, maxConnections: 1, logger: Self.logger).withRunning { pool in
            var count: Int64 = -1
            let rows = try await pool.client.query(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()", logger: Self.logger)
            for try await value in rows.decode(Int64.self) { count = value }
            return count
        }
    }

    @Test func anEmptyDatabaseIsReportedAndLeftEmpty() async throws {
        try await TestCluster.withFreshDatabase { uri in
            let check = await PostgresDoctor(uri: uri, appserviceID: "troupe", logger: Self.logger).check()
            #expect(check.status == .ok, "\(check.detail)")
            #expect(check.detail.contains("is empty"))
            let count = try await tables(uri)
            #expect(count == 0)
        }
    }

    @Test func aMigratedDatabaseShowsItsSchemaAndTheLockHolder() async throws {
        try await TestCluster.withFreshDatabase { uri in
            _ = try await PostgresPool(uri: uri, maxConnections: 2, logger: Self.logger).withRunning { pool in
                try await TroupeSchema.postgresMigrator().migrate(pool)
            }
            let free = await PostgresDoctor(uri: uri, appserviceID: "troupe", logger: Self.logger).check()
            #expect(free.status == .ok, "\(free.detail)")
            #expect(free.detail.contains("schema up to date") && free.detail.contains("no troupe holds the active lock"))

            let lock = try ActiveLock(uri: uri, key: .active(appserviceID: "troupe"), logger: Self.logger)
            let held = try await lock.whileHeld {
                await PostgresDoctor(uri: uri, appserviceID: "troupe", logger: Self.logger).check()
            }
            #expect(held.detail.contains("the active lock is held by backend"), "\(held.detail)")
        }
    }

    @Test func anUnreachableServerFailsNamingIt() async throws {
        let uri = try PostgresURI(parsing: "postgres://troupe:secret@127.0.0.1:1/troupe?sslmode=disable")
        let check = await PostgresDoctor(uri: uri, appserviceID: "troupe", logger: Self.logger).check()
        #expect(check.status == .fail)
        #expect(check.detail.contains("cannot connect to") && !check.detail.contains("secret"))
    }
}
