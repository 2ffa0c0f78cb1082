import Agents
@testable import Bridge
import Foundation
import GRDB
import Logging
import MatrixAppService
@testable import MatrixCrypto
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

/// `troupe migrate-db`'s engine against a real PostgreSQL: values of every storage type arrive unchanged, identity
/// sequences continue after the copied ids, and a target that is not empty or at another schema version is refused
/// with nothing written.
@Suite struct DatabaseCopyTests {
    static let logger = Logger(label: "copy-test", factory: { _ in SwiftLogNoOpLogHandler() })
    static var sqliteSchemas: [(inout DatabaseMigrator) -> Void] { [AppServiceSchema.registerMigrations, AgentsSchema.registerMigrations] }
    static var postgresSchemas: [(inout PostgresMigrator) -> Void] { [AppServiceSchema.registerMigrations, AgentsSchema.registerMigrations] }

    func source() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try TroupeDatabase.migrate(queue, migrations: Self.sqliteSchemas)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO appservice_inbox (id, txn_id, body_hash, body, received_at, processed_at) VALUES (7, 't1', 'h', ?, 1.5, NULL)",
                           arguments: [Data([0, 1, 2, 255])])
            try db.execute(sql: "INSERT INTO appservice_room_state (room_id, event_type, state_key, content) VALUES ('!r:x', 'm.room.name', '', ?)",
                           arguments: [Data(#"{"name":"ü"}"#.utf8)])
            try db.execute(sql: "INSERT INTO agent_conversations (agent, chat, input_tokens, cost_usd, updated_at) VALUES ('main', 'matrix:!r:x', 12, 0.25, 3)")
            for index in 1...1203 {
                try db.execute(sql: "INSERT INTO agent_history (agent, chat, session_id, role, content, created_at) VALUES ('main', 'c', 's', 'user', ?, ?)",
                               arguments: ["message \(index)", Double(index)])
            }
        }
        return queue
    }

    func withTarget<Result: Sendable>(_ body: @Sendable (PostgresPool) async throws -> Result) async throws -> Result {
        try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, maxConnections: 2, logger: Self.logger).withRunning { pool in
                var migrator = PostgresMigrator()
                for register in Self.postgresSchemas { register(&migrator) }
                try await migrator.migrate(pool)
                return try await body(pool)
            }
        }
    }

    @Test func copiesEveryRowAndValueAndContinuesIdentities() async throws {
        let source = try source()
        try await withTarget { target in
            let counts = try await DatabaseCopy(source: source, target: target, batchRows: 100).run()
            let byTable = Dictionary(uniqueKeysWithValues: counts.map { ($0.table, $0.rows) })
            #expect(byTable["appservice_inbox"] == 1)
            #expect(byTable["agent_history"] == 1203)
            #expect(byTable["agent_turns"] == 0)

            let inbox = try await target.client.query("SELECT id, body, processed_at FROM appservice_inbox", logger: Self.logger)
            for try await (id, body, processed) in inbox.decode((Int64, Data, Double?).self) {
                #expect(id == 7)
                #expect(body == Data([0, 1, 2, 255]))
                #expect(processed == nil)
            }
            let state = try await target.client.query("SELECT content FROM appservice_room_state", logger: Self.logger)
            for try await content in state.decode(Data.self) { #expect(String(decoding: content, as: UTF8.self) == #"{"name":"ü"}"#) }
            let conversation = try await target.client.query("SELECT input_tokens, cost_usd FROM agent_conversations", logger: Self.logger)
            for try await (tokens, cost) in conversation.decode((Int64, Double).self) {
                #expect(tokens == 12)
                #expect(cost == 0.25)
            }
            // The next id PostgreSQL hands out follows the copied ones.
            let next = try await target.client.query("""
                INSERT INTO agent_history (agent, chat, session_id, role, content, created_at) VALUES ('main', 'c', 's', 'user', 'new', 0) RETURNING id
                """, logger: Self.logger)
            for try await id in next.decode(Int64.self) { #expect(id == 1204) }
        }
    }

    @Test func refusesATargetWithRowsAndWritesNothing() async throws {
        let source = try source()
        try await withTarget { target in
            try await target.client.query("INSERT INTO appservice_seen_event (event_id, seen_at) VALUES ('$e', 1)", logger: Self.logger).drain()
            await #expect(throws: DatabaseCopyError.targetNotEmpty(["appservice_seen_event"])) {
                try await DatabaseCopy(source: source, target: target).run()
            }
            let rows = try await target.client.query("SELECT COUNT(*) FROM agent_history", logger: Self.logger)
            for try await count in rows.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test func refusesSchemasAtDifferentVersions() async throws {
        let source = try source()
        try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, maxConnections: 2, logger: Self.logger).withRunning { target in
                var migrator = PostgresMigrator()
                AppServiceSchema.registerMigrations(&migrator)
                try await migrator.migrate(target)
                do {
                    _ = try await DatabaseCopy(source: source, target: target).run()
                    Issue.record("copied into an older schema")
                } catch let error as DatabaseCopyError {
                    guard case .schemaVersions(let onlySource, let onlyTarget) = error else {
                        Issue.record("unexpected \(error)")
                        return
                    }
                    #expect(onlySource.contains("agents.v1"))
                    #expect(onlyTarget.isEmpty)
                    #expect(error.description.contains("different versions"))
                }
            }
        }
    }

    /// `troupe migrate-db` as the command runs it: a Troupe SQLite file with every module's schema, written through
    /// the SQLite stores, is read back through the PostgreSQL stores (an olm account's pickle included).
    @Test func aTroupeFileCopiedWholeIsReadByThePostgresStores() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("troupe.db").path
        let owner = CryptoOwner(user: UserID("@troupe:localhost"), device: DeviceID("TROUPE_MAIN"))
        do {
            let sqlite = try TroupeDatabase.open(path: path, migrations: TroupeSchema.sqlite)
            try await SQLiteBridgeStore(sqlite).setRoom(RoomID("!main:localhost"), ofAgent: "main")
            try await SQLiteCryptoStore(sqlite).saveAccount(StoredAccount(owner: owner, pickle: "pickled-account", published: true))
        }
        try await TestCluster.withFreshDatabase { uri in
            let counts = try await DatabaseCopy.sqliteToPostgres(path: path, uri: uri, logger: Self.logger) { _ in }
            #expect(counts.first { $0.table == "bridge_agent_room" }?.rows == 1)
            #expect(counts.first { $0.table == "crypto_account" }?.rows == 1)
            try await PostgresPool(uri: uri, maxConnections: 2, logger: Self.logger).withRunning { pool in
                let room = try await PostgresBridgeStore(pool).room(ofAgent: "main")
                #expect(room == RoomID("!main:localhost"))
                let account = try await PostgresCryptoStore(pool).account(owner)
                #expect(account == StoredAccount(owner: owner, pickle: "pickled-account", published: true))
                // Nothing is left pending: `troupe run` on it migrates nothing.
                #expect(try await TroupeSchema.postgresMigrator().migrate(pool).isEmpty)
            }
            // A second copy into the same database is refused.
            await #expect(throws: DatabaseCopyError.self) {
                _ = try await DatabaseCopy.sqliteToPostgres(path: path, uri: uri, logger: Self.logger) { _ in }
            }
        }
    }

    @Test func aMissingSQLiteFileIsNamedAndNotCreated() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString).db").path
        let uri = try PostgresURI(parsing: "postgres://troupe@127.0.0.1:1/troupe")
        await #expect(throws: DatabaseCopyError.noSource(path)) {
            _ = try await DatabaseCopy.sqliteToPostgres(path: path, uri: uri, logger: Self.logger) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
