import GRDB
@testable import Bridge
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// `troupe migrate-db` copies rows table by table: both schemas must have the same migrations, tables and columns.
@Suite struct BridgeSchemaParityTests {
    @Test func sqliteAndPostgresHaveTheSameMigrationsTablesAndColumns() async throws {
        let sqlite = try DatabaseQueue()
        var sqliteMigrator = DatabaseMigrator()
        BridgeSchema.registerMigrations(&sqliteMigrator)
        try sqliteMigrator.migrate(sqlite)
        let sqliteColumns: Set<String> = try await sqlite.read { db in
            var columns = Set<String>()
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'bridge_%'") {
                for column in try db.columns(in: table) { columns.insert("\(table).\(column.name)") }
            }
            return columns
        }
        var postgresMigrator = PostgresMigrator()
        BridgeSchema.registerMigrations(&postgresMigrator)
        #expect(postgresMigrator.migrations.map(\.identifier) == sqliteMigrator.migrations)
        let postgresColumns = try await TestCluster.withFreshDatabase { [postgresMigrator] uri in
            try await PostgresPool(uri: uri, maxConnections: 1, logger: storeTestLogger).withRunning { database in
                try await postgresMigrator.migrate(database)
                var columns = Set<String>()
                let rows = try await database.client.query(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_name LIKE 'bridge\\_%'")
                for try await (table, column) in rows.decode((String, String).self) { columns.insert("\(table).\(column)") }
                return columns
            }
        }
        #expect(sqliteColumns.count > 50)
        #expect(sqliteColumns == postgresColumns)
    }
}
