import Foundation
import GRDB
import MatrixAppService

/// Keeps the rows others can make us write within `CryptoLimits`.
extension SQLiteCryptoStore {
    /// Drops what exceeds `limits` (olm sessions, olm hashes, withheld notices, message indexes).
    public func prune(_ owner: CryptoOwner, limits: CryptoLimits, now: Date) async throws -> CryptoPruneReport {
        let who: StatementArguments = [owner.user.rawValue, owner.device.rawValue]
        let time = now.timeIntervalSince1970
        return try await writer.write { db in
            var report = CryptoPruneReport()
            // Olm sessions: the newest few per other device, then the newest overall.
            try db.execute(sql: """
                DELETE FROM crypto_olm_session WHERE rowid IN (
                    SELECT rowid FROM (SELECT rowid, ROW_NUMBER() OVER (PARTITION BY sender_key ORDER BY last_used_at DESC) AS rank
                                       FROM crypto_olm_session WHERE user_id = ? AND device_id = ?)
                    WHERE rank > ?)
                """, arguments: who + StatementArguments([limits.olmSessionsPerSender]))
            report.olmSessions += db.changesCount
            report.olmSessions += try Self.keepNewest(db, table: "crypto_olm_session", order: "last_used_at", limit: limits.olmSessions, who)

            report.olmHashes += try Self.dropOlder(db, table: "crypto_olm_hash", column: "seen_at", than: time - limits.olmHashAge, who)
            report.olmHashes += try Self.keepNewest(db, table: "crypto_olm_hash", order: "seen_at", limit: limits.olmHashes, who)

            report.withheld += try Self.dropOlder(db, table: "crypto_withheld", column: "received_at", than: time - limits.withheldAge, who)
            report.withheld += try Self.keepNewest(db, table: "crypto_withheld", order: "received_at", limit: limits.withheldNotices, who)

            report.messageIndexes += try Self.dropOlder(db, table: "crypto_message_index", column: "seen_at",
                                                        than: time - limits.messageIndexAge, who)
            report.messageIndexes += try Self.keepNewest(db, table: "crypto_message_index", order: "seen_at",
                                                         limit: limits.messageIndexes, who)
            return report
        }
    }

    private static func dropOlder(_ db: Database, table: String, column: String, than cutoff: Double,
                                  _ who: StatementArguments) throws -> Int {
        try db.execute(sql: "DELETE FROM \(table) WHERE user_id = ? AND device_id = ? AND \(column) < ?",
                       arguments: who + StatementArguments([cutoff]))
        return db.changesCount
    }

    private static func keepNewest(_ db: Database, table: String, order: String, limit: Int, _ who: StatementArguments) throws -> Int {
        try db.execute(sql: """
            DELETE FROM \(table) WHERE rowid IN (
                SELECT rowid FROM \(table) WHERE user_id = ? AND device_id = ? ORDER BY \(order) DESC, rowid DESC LIMIT -1 OFFSET ?)
            """, arguments: who + StatementArguments([limit]))
        return db.changesCount
    }

    /// Row counts of one device's prunable tables (for `!crypto` and tests).
    public func rowCounts(_ owner: CryptoOwner) async throws -> [String: Int] {
        try await writer.read { db in
            var counts: [String: Int] = [:]
            for table in PrunedTables.all {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE user_id = ? AND device_id = ?",
                                                 arguments: [owner.user.rawValue, owner.device.rawValue]) ?? 0
            }
            return counts
        }
    }
}
