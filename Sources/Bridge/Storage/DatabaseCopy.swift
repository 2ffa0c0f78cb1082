import Foundation
import GRDB
import Logging
import MatrixAppService
import NIOCore
import PostgresNIO
import TroupePostgres

/// `troupe migrate-db`: every table of a SQLite database copied into an empty PostgreSQL database that has the
/// same schema version, in one PostgreSQL transaction (a failure leaves the target empty), then counted on both
/// sides. Tables and columns are matched by name, which the two schemas share by design; values are converted
/// only where the two databases store a type differently (a SQLite 0/1 into a BOOLEAN, whole REALs into BIGINT).
public struct DatabaseCopy: Sendable {
    public struct TableCount: Sendable, Equatable, CustomStringConvertible {
        public let table: String
        public let rows: Int
        public var description: String { "\(table): \(rows)" }
    }

    let source: any DatabaseReader
    let target: PostgresPool
    /// Rows per INSERT: well under PostgreSQL's 65 535 parameters for the widest table.
    let batchRows: Int

    public init(source: any DatabaseReader, target: PostgresPool, batchRows: Int = 500) {
        self.source = source
        self.target = target
        self.batchRows = batchRows
    }

    /// Copies everything and returns each table's row count, the same on both sides.
    public func run(progress: @Sendable (TableCount) -> Void = { _ in }) async throws -> [TableCount] {
        let tables = try await source.read(Self.sourceTables)
        try await checkSameVersion()
        let columns = try await targetColumns()
        try check(tables, against: columns)
        let occupied = try await nonEmptyTargetTables(tables.map(\.name))
        guard occupied.isEmpty else { throw DatabaseCopyError.targetNotEmpty(occupied) }

        try await target.transaction { connection in
            for table in tables {
                let types = table.columns.map { columns[table.name]?[$0] ?? "" }
                var after: Int64 = 0
                var copied = 0
                while true {
                    let (rows, last) = try await source.read { [after, batchRows] db in
                        try Self.batch(of: table, after: after, limit: batchRows, db)
                    }
                    guard let last else { break }
                    try await insert(rows, into: table, types: types, on: connection)
                    copied += rows.count
                    after = last
                }
                progress(TableCount(table: table.name, rows: copied))
            }
            try await advanceIdentities(on: connection)
        }
        return try await compareCounts(tables)
    }

    // MARK: Source

    struct SourceTable: Sendable {
        let name: String
        let columns: [String]
    }

    /// Tables in the order they were created (the migration order), without SQLite's and GRDB's own.
    static func sourceTables(_ db: Database) throws -> [SourceTable] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name != 'grdb_migrations' ORDER BY rowid
            """)
        return try names.map { SourceTable(name: $0, columns: try db.columns(in: $0).map(\.name)) }
    }

    enum Cell: Sendable {
        case null, integer(Int64), real(Double), text(String), blob(Data)
    }

    /// Up to `limit` rows after `rowid`, and the last rowid read (nil when there were none).
    static func batch(of table: SourceTable, after rowid: Int64, limit: Int, _ db: Database) throws -> ([[Cell]], Int64?) {
        let list = table.columns.map(quoted).joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: "SELECT rowid, \(list) FROM \(quoted(table.name)) WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                    arguments: [rowid, limit])
        var cells: [[Cell]] = []
        var last: Int64?
        for row in rows {
            last = row[0]
            cells.append((1...table.columns.count).map { index in
                switch (row[index] as DatabaseValue).storage {
                case .null: .null
                case .int64(let value): .integer(value)
                case .double(let value): .real(value)
                case .string(let value): .text(value)
                case .blob(let value): .blob(value)
                }
            })
        }
        return (cells, last)
    }

    // MARK: Target

    /// The target must have run exactly the migrations the source has: then every table and column lines up.
    func checkSameVersion() async throws {
        let sourceApplied = try await source.read { db in
            Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        }
        var targetApplied = Set<String>()
        for try await identifier in try await target.client.query("SELECT identifier FROM troupe_migrations", logger: target.logger)
            .decode(String.self) {
            targetApplied.insert(identifier)
        }
        guard sourceApplied == targetApplied else {
            throw DatabaseCopyError.schemaVersions(onlySource: sourceApplied.subtracting(targetApplied).sorted(),
                                                   onlyTarget: targetApplied.subtracting(sourceApplied).sorted())
        }
    }

    /// Table → column → PostgreSQL's name of its type (`text`, `bigint`, `bytea`, …).
    func targetColumns() async throws -> [String: [String: String]] {
        var columns: [String: [String: String]] = [:]
        let rows = try await target.client.query("""
            SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = current_schema()
            """, logger: target.logger)
        for try await (table, column, type) in rows.decode((String, String, String).self) { columns[table, default: [:]][column] = type }
        return columns
    }

    func check(_ tables: [SourceTable], against columns: [String: [String: String]]) throws {
        for table in tables {
            guard let target = columns[table.name] else { throw DatabaseCopyError.missingTable(table.name) }
            for column in table.columns where target[column] == nil {
                throw DatabaseCopyError.missingColumn(table: table.name, column: column)
            }
        }
    }

    func nonEmptyTargetTables(_ names: [String]) async throws -> [String] {
        var occupied: [String] = []
        for name in names {
            let rows = try await target.client.query(PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(quoted(name)))"),
                                                     logger: target.logger)
            for try await exists in rows.decode(Bool.self) where exists { occupied.append(name) }
        }
        return occupied
    }

    func insert(_ rows: [[Cell]], into table: SourceTable, types: [String], on connection: PostgresConnection) async throws {
        guard !rows.isEmpty else { return }
        var binds = PostgresBindings(capacity: rows.count * table.columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        var parameter = 0
        for row in rows {
            var placeholders: [String] = []
            for (index, cell) in row.enumerated() {
                try Self.bind(cell, as: types[index], into: &binds, table: table.name, column: table.columns[index])
                parameter += 1
                placeholders.append("$\(parameter)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let sql = "INSERT INTO \(quoted(table.name)) (\(table.columns.map(quoted).joined(separator: ", "))) VALUES "
            + tuples.joined(separator: ", ")
        do {
            try await connection.execute(PostgresQuery(unsafeSQL: sql, binds: binds), logger: target.logger)
        } catch {
            throw DatabaseCopyError.insertFailed(table: table.name, PostgresErrorText.describe(error))
        }
    }

    /// One SQLite value as the PostgreSQL column's type.
    static func bind(_ cell: Cell, as type: String, into binds: inout PostgresBindings, table: String, column: String) throws {
        let integers: Set = ["bigint", "integer", "smallint"], reals: Set = ["double precision", "real", "numeric"]
        switch cell {
        case .null:
            binds.appendNull()
            return
        case .text(let text) where type == "text": binds.append(text); return
        case .integer(let value) where type == "text": binds.append(String(value)); return
        case .real(let value) where type == "text": binds.append(String(value)); return
        case .blob(let data) where type == "text":
            if let text = String(data: data, encoding: .utf8) { binds.append(text); return }
        case .blob(let data) where type == "bytea": binds.append(ByteBuffer(bytes: data)); return
        case .text(let text) where type == "bytea": binds.append(ByteBuffer(string: text)); return
        case .integer(let value) where integers.contains(type): binds.append(value); return
        case .real(let value) where integers.contains(type) && value.rounded() == value && abs(value) < 9.2e18:
            binds.append(Int64(value)); return
        case .text(let text) where integers.contains(type):
            if let value = Int64(text) { binds.append(value); return }
        case .integer(let value) where reals.contains(type): binds.append(Double(value)); return
        case .real(let value) where reals.contains(type): binds.append(value); return
        case .integer(let value) where type == "boolean": binds.append(value != 0); return
        default: break
        }
        throw DatabaseCopyError.unconvertible(table: table, column: column, type: type)
    }

    /// Identity columns' sequences moved past the copied ids, so the next row PostgreSQL numbers does not collide.
    func advanceIdentities(on connection: PostgresConnection) async throws {
        var identities: [(String, String)] = []
        let rows = try await connection.query("""
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """, logger: target.logger)
        for try await pair in rows.decode((String, String).self) { identities.append(pair) }
        for (table, column) in identities {
            let sql = "SELECT setval(pg_get_serial_sequence('\(quoted(table))', '\(column)'), "
                + "COALESCE((SELECT MAX(\(quoted(column))) FROM \(quoted(table))), 0) + 1, false)"
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: target.logger).drain()
        }
    }

    func compareCounts(_ tables: [SourceTable]) async throws -> [TableCount] {
        var counts: [TableCount] = []
        for table in tables {
            let expected = try await source.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quoted(table.name))") ?? 0 }
            var copied = 0
            let rows = try await target.client.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(quoted(table.name))"),
                                                     logger: target.logger)
            for try await count in rows.decode(Int64.self) { copied = Int(count) }
            guard copied == expected else { throw DatabaseCopyError.countMismatch(table: table.name, source: expected, target: copied) }
            counts.append(TableCount(table: table.name, rows: copied))
        }
        return counts
    }
}

/// A name as an SQL identifier: the same quoting in SQLite and PostgreSQL.
private func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

public enum DatabaseCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSource(String)
    case schemaVersions(onlySource: [String], onlyTarget: [String])
    case missingTable(String)
    case missingColumn(table: String, column: String)
    case targetNotEmpty([String])
    case unconvertible(table: String, column: String, type: String)
    case insertFailed(table: String, String)
    case countMismatch(table: String, source: Int, target: Int)

    public var description: String {
        switch self {
        case .noSource(let path): return "\(path) does not exist"
        case .schemaVersions(let onlySource, let onlyTarget):
            var parts: [String] = []
            if !onlySource.isEmpty { parts.append("only the SQLite database has \(onlySource.joined(separator: ", "))") }
            if !onlyTarget.isEmpty { parts.append("only PostgreSQL has \(onlyTarget.joined(separator: ", "))") }
            return "the two schemas are at different versions (\(parts.joined(separator: "; "))); "
                + "run the same troupe version on both, or copy with the troupe that last ran on the SQLite file"
        case .missingTable(let table): return "PostgreSQL has no table \(table)"
        case .missingColumn(let table, let column): return "PostgreSQL's \(table) has no column \(column)"
        case .targetNotEmpty(let tables):
            return "the PostgreSQL database already holds rows (in \(tables.joined(separator: ", "))); copy only into an empty database"
        case .unconvertible(let table, let column, let type):
            return "a value of \(table).\(column) cannot be stored as PostgreSQL's \(type)"
        case .insertFailed(let table, let reason): return "copying \(table) failed: \(reason)"
        case .countMismatch(let table, let source, let target):
            return "\(table) has \(source) rows in SQLite but \(target) in PostgreSQL; was troupe still running on the SQLite file?"
        }
    }
}

extension DatabaseCopy {
    /// `troupe migrate-db`: brings the SQLite file's schema up to date (as `troupe run` would), creates Troupe's
    /// schema in the PostgreSQL database, copies, and counts.
    public static func sqliteToPostgres(path: String, uri: PostgresURI, logger: Logger,
                                        progress: @escaping @Sendable (TableCount) -> Void) async throws -> [TableCount] {
        guard FileManager.default.fileExists(atPath: path) else { throw DatabaseCopyError.noSource(path) }
        let source = try TroupeDatabase.open(path: path, migrations: TroupeSchema.sqlite)
        return try await PostgresPool(uri: uri, maxConnections: 2, logger: logger).withRunning { target in
            try await TroupeSchema.postgresMigrator().migrate(target)
            return try await DatabaseCopy(source: source, target: target).run(progress: progress)
        }
    }
}
