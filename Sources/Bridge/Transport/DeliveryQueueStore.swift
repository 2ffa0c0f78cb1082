import Agents
import Foundation
import GRDB

/// `DeliveryQueue`'s table (`bridge_delivery`): messages kept until their transport takes them.
public protocol DeliveryQueueStore: Sendable {
    /// Stores a delivery due at once; false (and nothing changed) when one with that id is stored already.
    @discardableResult
    func enqueue(id: String, chat: ChatKey, agent: String, text: String, at now: Date) async throws -> Bool
    /// Takes the deliveries due at `now`, oldest first, for one sender: each is due again only at `leaseUntil`
    /// (unless the sender removes or reschedules it first), so two senders never hold the same delivery and a
    /// sender that dies mid-send loses nothing.
    func claimDue(at now: Date, leaseUntil: Date) async throws -> [Delivery]
    /// A failed attempt: counted, and due again at `next`.
    func reschedule(_ id: String, attempts: Int, next: Date) async throws
    /// Due again at `next`, the attempts unchanged.
    func postpone(_ id: String, until next: Date) async throws
    func remove(_ id: String) async throws
    /// Every stored delivery, due or backing off, oldest first.
    func pending() async throws -> [Delivery]
    func count() async throws -> Int
}

public struct SQLiteDeliveryQueueStore: DeliveryQueueStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func enqueue(id: String, chat: ChatKey, agent: String, text: String, at now: Date) async throws -> Bool {
        let time = now.timeIntervalSince1970
        return try await writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO bridge_delivery (id, chat, agent, text, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, 0, ?, ?)
                """, arguments: [id, chat.rawValue, agent, text, time, time])
            return db.changesCount > 0
        }
    }

    public func claimDue(at now: Date, leaseUntil: Date) async throws -> [Delivery] {
        // One writer: the read and the lease are one transaction.
        try await writer.write { db in
            let due = try Row.fetchAll(db, sql: """
                SELECT id, chat, agent, text, attempts FROM bridge_delivery WHERE next_attempt_at <= ? ORDER BY created_at, id
                """, arguments: [now.timeIntervalSince1970]).map(Self.delivery)
            for delivery in due {
                try db.execute(sql: "UPDATE bridge_delivery SET next_attempt_at = ? WHERE id = ?",
                               arguments: [leaseUntil.timeIntervalSince1970, delivery.id])
            }
            return due
        }
    }

    public func reschedule(_ id: String, attempts: Int, next: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE bridge_delivery SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [attempts, next.timeIntervalSince1970, id])
        }
    }

    public func postpone(_ id: String, until next: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE bridge_delivery SET next_attempt_at = ? WHERE id = ?", arguments: [next.timeIntervalSince1970, id])
        }
    }

    public func remove(_ id: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_delivery WHERE id = ?", arguments: [id])
        }
    }

    public func pending() async throws -> [Delivery] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, chat, agent, text, attempts FROM bridge_delivery ORDER BY created_at, id").map(Self.delivery)
        }
    }

    public func count() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bridge_delivery") ?? 0 }
    }

    private static func delivery(_ row: Row) -> Delivery {
        Delivery(id: row["id"], chat: ChatKey(row["chat"] as String), agent: row["agent"], text: row["text"], attempts: row["attempts"])
    }
}
