import Foundation
import GRDB

/// A finished run's result on its way back to the requester. The row exists before anyone is told,
/// so a crash between finishing and delivering loses nothing; it is retried until delivered or given up.
struct PendingDelivery: Sendable, Equatable {
    let id: Int64
    let run: RunID
    /// What the run came to, as the requester will read it.
    let report: String
    /// The requester's reply once it has one: a retry then only repeats the hand-over, never the turn.
    var answer: String?
    var attempts: Int
}

/// The queue of run results to hand back. Only one process delivers at a time (the active lock), so `due` reads
/// without claiming; what it returns is handed over by the caller and then marked delivered or failed.
protocol DeliveryStore: Sendable {
    func enqueue(run: RunID, report: String) async throws
    /// Pending deliveries due by `now`, oldest first, and when the next one after those falls due.
    func due(now: Date) async throws -> (due: [PendingDelivery], next: Date?)
    /// Drops delivered rows older than `retention`; failed ones stay, they are the visible record of what was lost.
    func pruneDelivered(olderThan retention: TimeInterval) async throws
    func saveAnswer(_ answer: String, id: Int64) async throws
    /// The delivery and its run are delivered, in one transaction.
    func markDelivered(id: Int64, run: RunID) async throws
    /// Counts a failed attempt; past `maxAttempts` the delivery (and its run) become `delivery_failed`.
    /// Returns true if it gave up. Two failures recorded at once both count.
    func markFailed(id: Int64, run: RunID, error: String, retryAt: Date, maxAttempts: Int) async throws -> Bool
}

extension DeliveryStore {
    static func gaveUpError(attempts: Int, _ error: String) -> String { "gave up after \(attempts) attempts: \(error)" }
}

struct SQLiteDeliveryStore: DeliveryStore {
    let writer: any DatabaseWriter

    func enqueue(run: RunID, report: String) async throws {
        try await writer.write { db in try Self.enqueue(run: run, report: report, at: Date(), db) }
    }

    static func enqueue(run: RunID, report: String, at date: Date, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO agent_deliveries (run_id, report, state, attempts, next_attempt_at, created_at) VALUES (?, ?, 'pending', 0, ?, ?)",
            arguments: [run.rawValue, report, date.timeIntervalSince1970, date.timeIntervalSince1970])
    }

    func due(now: Date) async throws -> (due: [PendingDelivery], next: Date?) {
        try await writer.read { db in
            let due = try Row.fetchAll(
                db, sql: "SELECT * FROM agent_deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id",
                arguments: [now.timeIntervalSince1970]
            ).map { row in
                PendingDelivery(id: row["id"], run: RunID(rawValue: row["run_id"]), report: row["report"],
                                answer: row["answer"], attempts: row["attempts"])
            }
            let next = try Double.fetchOne(
                db, sql: "SELECT MIN(next_attempt_at) FROM agent_deliveries WHERE state = 'pending' AND next_attempt_at > ?",
                arguments: [now.timeIntervalSince1970])
            return (due, next.map(Date.init(timeIntervalSince1970:)))
        }
    }

    func pruneDelivered(olderThan retention: TimeInterval) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM agent_deliveries WHERE state = 'delivered' AND created_at < ?",
                           arguments: [Date().timeIntervalSince1970 - retention])
        }
    }

    func saveAnswer(_ answer: String, id: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE agent_deliveries SET answer = ? WHERE id = ?", arguments: [answer, id])
        }
    }

    func markDelivered(id: Int64, run: RunID) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE agent_deliveries SET state = 'delivered', attempts = attempts + 1, last_error = NULL WHERE id = ?", arguments: [id])
            try db.execute(sql: "UPDATE agent_runs SET delivery = 'delivered', delivery_error = NULL WHERE id = ?", arguments: [run.rawValue])
        }
    }

    func markFailed(id: Int64, run: RunID, error: String, retryAt: Date, maxAttempts: Int) async throws -> Bool {
        try await writer.write { db in
            let attempts = (try Int.fetchOne(db, sql: "SELECT attempts FROM agent_deliveries WHERE id = ?", arguments: [id]) ?? 0) + 1
            let gaveUp = attempts >= maxAttempts
            try db.execute(
                sql: "UPDATE agent_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                arguments: [gaveUp ? "delivery_failed" : "pending", attempts, retryAt.timeIntervalSince1970, error, id])
            if gaveUp {
                try db.execute(
                    sql: "UPDATE agent_runs SET delivery = 'delivery_failed', delivery_error = ? WHERE id = ?",
                    arguments: [Self.gaveUpError(attempts: attempts, error), run.rawValue])
            }
            return gaveUp
        }
    }
}
