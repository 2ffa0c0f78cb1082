import Foundation
import Logging
import PostgresNIO
import TroupePostgres

/// `doctor`'s database line for PostgreSQL: connects (one connection, nothing written: no migration, no table
/// created), compares the schema with this build's migrations, counts the transactions waiting, and says which
/// process holds the active lock.
struct PostgresDoctor {
    let uri: PostgresURI
    let appserviceID: String
    let logger: Logger

    func check() async -> Doctor.Check {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: uri.connectionConfiguration(applicationName: "troupe-doctor"),
                                                              id: 0, logger: logger)
        } catch {
            return Doctor.Check(.fail, "database", "cannot connect to \(uri): \(PostgresErrorText.describe(error))")
        }
        // postgres-nio requires a connection closed before it is released.
        let result = await check(on: connection)
        try? await connection.close()
        return result
    }

    private func check(on connection: PostgresConnection) async -> Doctor.Check {
        do {
            let known = TroupeSchema.postgresMigrator().migrations.map(\.identifier)
            guard try await exists("troupe_migrations", on: connection) else {
                return Doctor.Check(.ok, "database", "\(uri) answers and is empty (`troupe run` creates the schema; doctor does not)")
            }
            var applied = Set<String>()
            for try await identifier in try await connection.query("SELECT identifier FROM troupe_migrations", logger: logger).decode(String.self) {
                applied.insert(identifier)
            }
            let unknown = applied.subtracting(known)
            if !unknown.isEmpty {
                return Doctor.Check(.fail, "database", "\(uri) has migrations this troupe does not know (\(unknown.sorted().joined(separator: ", "))): "
                    + "a newer troupe wrote it; run that version")
            }
            let pending = known.filter { !applied.contains($0) }
            var waiting: Int64 = 0
            if try await exists("appservice_inbox", on: connection) {
                for try await count in try await connection.query(
                    "SELECT COUNT(*) FROM appservice_inbox WHERE processed_at IS NULL", logger: logger).decode(Int64.self) {
                    waiting = count
                }
            }
            let schema = pending.isEmpty ? "schema up to date" : "\(pending.count) migrations pending (`troupe run` applies them)"
            let holder = try await lockHolder(on: connection)
            return Doctor.Check(.ok, "database", "\(uri) answers (\(schema), \(waiting) transactions waiting; \(holder))")
        } catch {
            return Doctor.Check(.fail, "database", "cannot read \(uri): \(PostgresErrorText.describe(error))")
        }
    }

    private func exists(_ table: String, on connection: PostgresConnection) async throws -> Bool {
        for try await found in try await connection.query("SELECT to_regclass(\(table)) IS NOT NULL", logger: logger).decode(Bool.self) {
            return found
        }
        return false
    }

    /// Who holds the active lock: nobody (no troupe runs), or the process and its address.
    private func lockHolder(on connection: PostgresConnection) async throws -> String {
        let key = AdvisoryLockKey.active(appserviceID: appserviceID)
        let high = Int64(UInt64(bitPattern: key.value) >> 32), low = Int64(UInt64(bitPattern: key.value) & 0xFFFF_FFFF)
        let rows = try await connection.query("""
            SELECT a.pid, COALESCE(host(a.client_addr), 'local') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = \(high) AND l.objid::bigint = \(low)
            """, logger: logger)
        for try await (pid, address) in rows.decode((Int32, String).self) {
            return "the active lock is held by backend \(pid) from \(address)"
        }
        return "no troupe holds the active lock"
    }
}
