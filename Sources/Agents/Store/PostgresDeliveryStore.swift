import Foundation
import PostgresNIO
import TroupePostgres

/// `DeliveryStore` on PostgreSQL, with SQLiteDeliveryStore's guarantees. A failed attempt is counted in the
/// UPDATE itself (`attempts + 1 … RETURNING`), so two failures recorded at once both count.
struct PostgresDeliveryStore: DeliveryStore {
    let database: PostgresPool

    init(_ database: PostgresPool) { self.database = database }

    func enqueue(run: RunID, report: String) async throws {
        try await database.execute(Self.enqueue(run: run, report: report, at: Date()))
    }

    static func enqueue(run: RunID, report: String, at date: Date) -> PostgresQuery {
        let at = date.timeIntervalSince1970
        return """
            INSERT INTO agent_deliveries (run_id, report, state, attempts, next_attempt_at, created_at)
            VALUES (\(run.rawValue), \(report), 'pending', 0, \(at), \(at))
            """
    }

    func due(now: Date) async throws -> (due: [PendingDelivery], next: Date?) {
        let at = now.timeIntervalSince1970
        var due: [PendingDelivery] = []
        let rows = try await database.client.query("""
            SELECT id, run_id, report, answer, attempts FROM agent_deliveries
            WHERE state = 'pending' AND next_attempt_at <= \(at) ORDER BY id
            """, logger: database.logger)
        for try await (id, run, report, answer, attempts) in rows.decode((Int64, String, String, String?, Int).self) {
            due.append(PendingDelivery(id: id, run: RunID(rawValue: run), report: report, answer: answer, attempts: attempts))
        }
        var next: Double?
        let later = try await database.client.query(
            "SELECT MIN(next_attempt_at) FROM agent_deliveries WHERE state = 'pending' AND next_attempt_at > \(at)",
            logger: database.logger)
        for try await value in later.decode(Double?.self) { next = value }
        return (due, next.map(Date.init(timeIntervalSince1970:)))
    }

    func pruneDelivered(olderThan retention: TimeInterval) async throws {
        let cutoff = Date().timeIntervalSince1970 - retention
        try await database.execute("DELETE FROM agent_deliveries WHERE state = 'delivered' AND created_at < \(cutoff)")
    }

    func saveAnswer(_ answer: String, id: Int64) async throws {
        try await database.execute("UPDATE agent_deliveries SET answer = \(answer) WHERE id = \(id)")
    }

    func markDelivered(id: Int64, run: RunID) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.execute(
                "UPDATE agent_deliveries SET state = 'delivered', attempts = attempts + 1, last_error = NULL WHERE id = \(id)",
                logger: logger)
            try await connection.execute(
                "UPDATE agent_runs SET delivery = 'delivered', delivery_error = NULL WHERE id = \(run.rawValue)", logger: logger)
        }
    }

    func markFailed(id: Int64, run: RunID, error: String, retryAt: Date, maxAttempts: Int) async throws -> Bool {
        let logger = database.logger
        let retry = retryAt.timeIntervalSince1970
        return try await database.transaction { connection in
            // SET reads the row as it was before this UPDATE, after any concurrent one committed.
            let rows = try await connection.query("""
                UPDATE agent_deliveries SET
                  state = CASE WHEN attempts + 1 >= \(maxAttempts) THEN 'delivery_failed' ELSE 'pending' END,
                  attempts = attempts + 1, next_attempt_at = \(retry), last_error = \(error)
                WHERE id = \(id) RETURNING attempts
                """, logger: logger)
            var attempts = 1
            for try await counted in rows.decode(Int.self) { attempts = counted }
            let gaveUp = attempts >= maxAttempts
            if gaveUp {
                try await connection.execute("""
                    UPDATE agent_runs SET delivery = 'delivery_failed', delivery_error = \(Self.gaveUpError(attempts: attempts, error))
                    WHERE id = \(run.rawValue)
                    """, logger: logger)
            }
            return gaveUp
        }
    }
}
