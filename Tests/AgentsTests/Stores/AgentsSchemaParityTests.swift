import GRDB
@testable import Agents
import PostgresNIO
import Testing
import TroupePostgres

/// `troupe migrate-db` copies rows table by table: both schemas must have the same tables, columns, column
/// types (as mapped), NOT NULLs and indexes, under the same migration identifiers.
@Suite struct AgentsSchemaParityTests {
    /// SQLite's declared type → PostgreSQL's `data_type`.
    private static let types = ["TEXT": "text", "INTEGER": "bigint", "DOUBLE": "double precision", "BLOB": "bytea", "BOOLEAN": "boolean"]

    private struct Schema: Equatable, Sendable {
        var migrations: [String] = []
        /// "table.column type [not null]"
        var columns: Set<String> = []
        /// Named indexes (the ones a migration creates by name).
        var indexes: Set<String> = []
    }

    @Test func sqliteAndPostgresHaveTheSameTablesColumnsAndIndexes() async throws {
        let queue = try DatabaseQueue()
        var sqliteMigrator = DatabaseMigrator()
        AgentsSchema.registerMigrations(&sqliteMigrator)
        try sqliteMigrator.migrate(queue)
        let migrator = sqliteMigrator
        let sqlite: Schema = try await queue.read { db in
            var schema = Schema(migrations: try migrator.appliedIdentifiers(db).sorted())
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'agent\\_%' ESCAPE '\\'") {
                let primaryKey = try db.primaryKey(table).columns
                for column in try db.columns(in: table) {
                    let type = Self.types[column.type.uppercased()] ?? "unmapped \(column.type)"
                    // SQLite lets a TEXT primary key hold NULL unless told; PostgreSQL never does.
                    let notNull = column.isNotNull || primaryKey.contains(column.name)
                    schema.columns.insert("\(table).\(column.name) \(type)\(notNull ? " not null" : "")")
                }
            }
            schema.indexes = Set(try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'agent\\_%' ESCAPE '\\' AND sql IS NOT NULL
                """))
            return schema
        }
        let postgres: Schema = try await StoreDriver.withPostgres { pool in
            var schema = Schema()
            for try await id in try await pool.client.query("SELECT identifier FROM troupe_migrations").decode(String.self) {
                schema.migrations.append(id)
            }
            schema.migrations.sort()
            let columns = try await pool.client.query("""
                SELECT table_name::text, column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name LIKE 'agent\\_%'
                """)
            for try await (table, column, type, nullable) in columns.decode((String, String, String, String).self) {
                schema.columns.insert("\(table).\(column) \(type)\(nullable == "NO" ? " not null" : "")")
            }
            // Primary keys and UNIQUE columns get indexes named by PostgreSQL (SQLite's are unnamed).
            let indexes = try await pool.client.query("""
                SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'agent\\_%'
                  AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'
                """)
            for try await name in indexes.decode(String.self) { schema.indexes.insert(name) }
            return schema
        }
        #expect(sqlite.migrations == ["agents.v1", "agents.v2-runs", "agents.v3-durable-turns", "agents.v4-run-prompts",
                                     "agents.v5-run-failures"])
        #expect(sqlite.columns.count > 60)
        #expect(sqlite.indexes.count >= 8)
        #expect(sqlite.migrations == postgres.migrations)
        #expect(sqlite.columns.subtracting(postgres.columns).sorted() == [])
        #expect(postgres.columns.subtracting(sqlite.columns).sorted() == [])
        #expect(sqlite.indexes == postgres.indexes)
    }
}
