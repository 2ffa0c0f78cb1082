import GRDB
@testable import MatrixAppService
@testable import MatrixCrypto
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

extension CryptoTests {
    /// `troupe migrate-db` copies rows table by table: both schemas must have the same tables and columns, and a
    /// column that may be empty on one may be empty on the other.
    @Suite struct CryptoSchemaParityTests {
        @Test func sqliteAndPostgresHaveTheSameTablesAndColumns() async throws {
            let sqlite = try DatabaseQueue()
            try TroupeDatabase.migrate(sqlite, migrations: [CryptoSchema.registerMigrations])
            let sqliteColumns: Set<String> = try await sqlite.read { db in
                var columns = Set<String>()
                for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'crypto_%'") {
                    for column in try db.columns(in: table) {
                        let primaryKey = try db.primaryKey(table).columns.contains(column.name)
                        columns.insert("\(table).\(column.name) \(column.isNotNull || primaryKey ? "NOT NULL" : "NULL")")
                    }
                }
                return columns
            }
            let (postgresColumns, migrations) = try await TestCluster.withFreshDatabase { uri in
                try await PostgresPool(uri: uri, maxConnections: 1, logger: quietLogger).withRunning { database in
                    var migrator = PostgresMigrator()
                    CryptoSchema.registerMigrations(&migrator)
                    let applied = try await migrator.migrate(database)
                    var columns = Set<String>()
                    let rows = try await database.client.query("""
                        SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
                        WHERE table_name LIKE 'crypto\\_%'
                        """)
                    for try await (table, column, nullable) in rows.decode((String, String, String).self) {
                        columns.insert("\(table).\(column) \(nullable == "YES" ? "NULL" : "NOT NULL")")
                    }
                    return (columns, applied)
                }
            }
            #expect(sqliteColumns.count > 60)
            #expect(sqliteColumns.subtracting(postgresColumns).sorted() == [])
            #expect(postgresColumns.subtracting(sqliteColumns).sorted() == [])
            var sqliteMigrator = DatabaseMigrator()
            CryptoSchema.registerMigrations(&sqliteMigrator)
            #expect(migrations == sqliteMigrator.migrations)
        }
    }
}
