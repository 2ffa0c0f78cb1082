import GRDB
@testable import MatrixAppService
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// `troupe migrate-db` copies rows table by table: both schemas must have the same tables and columns.
@Suite struct SchemaParityTests {
    @Test func sqliteAndPostgresHaveTheSameTablesAndColumns() async throws {
        let sqlite = try makeDatabase()
        let sqliteColumns: Set<String> = try await sqlite.read { db in
            var columns = Set<String>()
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'appservice_%'") {
                for column in try db.columns(in: table) { columns.insert("\(table).\(column.name)") }
            }
            return columns
        }
        let postgresColumns = try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, maxConnections: 1, logger: quietLogger).withRunning { database in
                var migrator = PostgresMigrator()
                AppServiceSchema.registerMigrations(&migrator)
                try await migrator.migrate(database)
                var columns = Set<String>()
                let rows = try await database.client.query(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_name LIKE 'appservice\\_%'")
                for try await (table, column) in rows.decode((String, String).self) { columns.insert("\(table).\(column)") }
                return columns
            }
        }
        #expect(sqliteColumns.count > 10)
        #expect(sqliteColumns == postgresColumns)
    }
}
