@testable import Agents
import GRDB
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// `troupe migrate-db` copies rows table by table: the run tables must have the same columns, nullability and
/// indexes on both databases.
@Suite struct RunSchemaParityTests {
    static let tables = ["agent_runs", "agent_run_prompts", "agent_deliveries"]

    @Test func theRunTablesHaveTheSameColumnsAndIndexesOnBothDatabases() async throws {
        let sqlite = try DatabaseQueue()
        try AgentsSchema.migrate(sqlite)
        // A primary key never holds NULL, whether or not SQLite's declaration says NOT NULL: its nullability is not compared.
        let (sqliteColumns, sqliteIndexes) = try await sqlite.read { db in
            var columns = Set<String>()
            var indexes = Set<String>()
            for table in Self.tables {
                for column in try db.columns(in: table) { columns.insert("\(table).\(column.name) null=\(!column.isNotNull && column.name != "id")") }
                for index in try db.indexes(on: table) where !index.name.hasPrefix("sqlite_autoindex") {
                    indexes.insert("\(index.name)(\(index.columns.joined(separator: ",")))")
                }
            }
            return (columns, indexes)
        }
        let (postgresColumns, postgresIndexes) = try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, maxConnections: 1, logger: RunStoreDriver.logger).withRunning { database in
                var migrator = PostgresMigrator()
                AgentsSchema.registerMigrations(&migrator)
                try await migrator.migrate(database)
                var columns = Set<String>()
                let rows = try await database.client.query("""
                    SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns
                    WHERE table_name = ANY(\(Self.tables))
                    """, logger: RunStoreDriver.logger)
                for try await (table, column, nullable) in rows.decode((String, String, String).self) {
                    columns.insert("\(table).\(column) null=\(nullable == "YES" && column != "id")")
                }
                var indexes = Set<String>()
                let found = try await database.client.query("""
                    SELECT i.relname::text, string_agg(a.attname::text, ',' ORDER BY k.n)
                    FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                    WHERE t.relname = ANY(\(Self.tables)) AND NOT x.indisprimary AND NOT x.indisunique
                    GROUP BY i.relname
                    """, logger: RunStoreDriver.logger)
                for try await (name, columns) in found.decode((String, String).self) { indexes.insert("\(name)(\(columns))") }
                return (columns, indexes)
            }
        }
        #expect(sqliteColumns.count == 28 + 5 + 9)
        #expect(sqliteColumns == postgresColumns)
        #expect(sqliteIndexes.count == 5)
        #expect(sqliteIndexes == postgresIndexes)
    }
}
