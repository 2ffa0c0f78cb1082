import Foundation
import Logging
import PostgresNIO
import TroupePostgres

/// Keeps the rows others can make us write within `CryptoLimits`, on PostgreSQL. The same deletions as
/// SQLiteCryptoStore's, with `ctid` for SQLite's `rowid`: rows are chosen and deleted in one statement each.
extension PostgresCryptoStore {
    public func prune(_ owner: CryptoOwner, limits: CryptoLimits, now: Date) async throws -> CryptoPruneReport {
        let time = now.timeIntervalSince1970
        let logger = database.logger
        let user = owner.user.rawValue
        let device = owner.device.rawValue
        return try await database.transaction { connection in
            func deleted(_ query: PostgresQuery) async throws -> Int {
                let rows = try await connection.query(query, logger: logger).collect()
                return Int(try rows.first?.decode(Int64.self) ?? 0)
            }
            func dropOlder(_ table: PrunedTable, than cutoff: Double) async throws -> Int {
                try await deleted(PostgresQuery(unsafeSQL: """
                    WITH gone AS (DELETE FROM \(table.name) WHERE user_id = $1 AND device_id = $2 AND \(table.time) < $3 RETURNING 1)
                    SELECT COUNT(*) FROM gone
                    """, binds: try Self.binds(user, device, cutoff)))
            }
            // Newest first; of rows written in the same instant, the later-written one (as near as ctid tells).
            func keepNewest(_ table: PrunedTable, limit: Int) async throws -> Int {
                try await deleted(PostgresQuery(unsafeSQL: """
                    WITH gone AS (DELETE FROM \(table.name) WHERE ctid IN (
                        SELECT ctid FROM \(table.name) WHERE user_id = $1 AND device_id = $2 ORDER BY \(table.time) DESC, ctid DESC
                        OFFSET $3) RETURNING 1)
                    SELECT COUNT(*) FROM gone
                    """, binds: try Self.binds(user, device, Int64(limit))))
            }

            var report = CryptoPruneReport()
            // Olm sessions: the newest few per other device, then the newest overall.
            report.olmSessions += try await deleted("""
                WITH gone AS (DELETE FROM crypto_olm_session WHERE ctid IN (
                    SELECT ctid FROM (SELECT ctid, ROW_NUMBER() OVER (PARTITION BY sender_key ORDER BY last_used_at DESC) AS rank
                                      FROM crypto_olm_session WHERE user_id = \(user) AND device_id = \(device)) ranked
                    WHERE rank > \(Int64(limits.olmSessionsPerSender))) RETURNING 1)
                SELECT COUNT(*) FROM gone
                """)
            report.olmSessions += try await keepNewest(.olmSessions, limit: limits.olmSessions)

            report.olmHashes += try await dropOlder(.olmHashes, than: time - limits.olmHashAge)
            report.olmHashes += try await keepNewest(.olmHashes, limit: limits.olmHashes)

            report.withheld += try await dropOlder(.withheld, than: time - limits.withheldAge)
            report.withheld += try await keepNewest(.withheld, limit: limits.withheldNotices)

            report.messageIndexes += try await dropOlder(.messageIndexes, than: time - limits.messageIndexAge)
            report.messageIndexes += try await keepNewest(.messageIndexes, limit: limits.messageIndexes)
            return report
        }
    }

    public func rowCounts(_ owner: CryptoOwner) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in PrunedTables.all {
            let query = PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table) WHERE user_id = $1 AND device_id = $2",
                                      binds: try Self.binds(owner.user.rawValue, owner.device.rawValue))
            counts[table] = Int(try await rows(query).first?.decode(Int64.self) ?? 0)
        }
        return counts
    }
}

/// A prunable table and the column that says how old a row is.
private struct PrunedTable {
    let name: String
    let time: String

    static let olmSessions = PrunedTable(name: "crypto_olm_session", time: "last_used_at")
    static let olmHashes = PrunedTable(name: "crypto_olm_hash", time: "seen_at")
    static let withheld = PrunedTable(name: "crypto_withheld", time: "received_at")
    static let messageIndexes = PrunedTable(name: "crypto_message_index", time: "seen_at")
}
