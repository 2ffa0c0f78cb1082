import Agents
import Foundation
import PostgresNIO
import TroupePostgres

/// `DeliveryQueueStore` on PostgreSQL. Claiming is one UPDATE over the due rows taken `FOR UPDATE SKIP LOCKED`:
/// two senders claiming at once each get rows the other did not, and never wait on each other.
public struct PostgresDeliveryQueueStore: DeliveryQueueStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    @discardableResult
    public func enqueue(id: String, chat: ChatKey, agent: String, text: String, at now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        return try await database.changed("""
            INSERT INTO bridge_delivery (id, chat, agent, text, attempts, next_attempt_at, created_at)
            VALUES (\(id), \(chat.rawValue), \(agent), \(text), 0, \(time), \(time))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """)
    }

    public func claimDue(at now: Date, leaseUntil: Date) async throws -> [Delivery] {
        let claimed = try await database.rows("""
            UPDATE bridge_delivery SET next_attempt_at = \(leaseUntil.timeIntervalSince1970)
            WHERE id IN (SELECT id FROM bridge_delivery WHERE next_attempt_at <= \(now.timeIntervalSince1970) FOR UPDATE SKIP LOCKED)
            RETURNING id, chat, agent, text, attempts, created_at
            """).map { row in
            let (id, chat, agent, text, attempts, createdAt) = try row.decode((String, String, String, String, Int, Double).self)
            return (Delivery(id: id, chat: ChatKey(chat), agent: agent, text: text, attempts: attempts), createdAt)
        }
        // RETURNING has no order: oldest first, as `pending` (and SQLite) order them, ties by id bytewise.
        return claimed.sorted { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.id.utf8.lexicographicallyPrecedes(b.0.id.utf8) }.map(\.0)
    }

    public func reschedule(_ id: String, attempts: Int, next: Date) async throws {
        try await database.execute("""
            UPDATE bridge_delivery SET attempts = \(attempts), next_attempt_at = \(next.timeIntervalSince1970) WHERE id = \(id)
            """)
    }

    public func postpone(_ id: String, until next: Date) async throws {
        try await database.execute("UPDATE bridge_delivery SET next_attempt_at = \(next.timeIntervalSince1970) WHERE id = \(id)")
    }

    public func remove(_ id: String) async throws {
        try await database.execute("DELETE FROM bridge_delivery WHERE id = \(id)")
    }

    public func pending() async throws -> [Delivery] {
        try await database.rows("""
            SELECT id, chat, agent, text, attempts FROM bridge_delivery ORDER BY created_at, id COLLATE "C"
            """).map { row in
            let (id, chat, agent, text, attempts) = try row.decode((String, String, String, String, Int).self)
            return Delivery(id: id, chat: ChatKey(chat), agent: agent, text: text, attempts: attempts)
        }
    }

    public func count() async throws -> Int {
        try await database.rows("SELECT COUNT(*) FROM bridge_delivery").first?.decode(Int.self) ?? 0
    }
}
