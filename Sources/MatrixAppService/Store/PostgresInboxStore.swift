import Foundation
import NIOCore
import PostgresNIO
import TroupePostgres

/// `InboxStore` on PostgreSQL, with SQLiteInboxStore's guarantees: a transaction is stored once per
/// (id, body hash), and `complete` marks its events seen and the entry processed in one commit.
public struct PostgresInboxStore: InboxStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func enqueue(txnID: String, body: Data) async throws -> EnqueueResult {
        let hash = InboxEntry.bodyHash(body)
        let now = Date().timeIntervalSince1970
        let rows = try await database.client.query("""
            INSERT INTO appservice_inbox (txn_id, body_hash, body, received_at) VALUES (\(txnID), \(hash), \(ByteBuffer(bytes: body)), \(now))
            ON CONFLICT (txn_id, body_hash) DO NOTHING RETURNING id
            """)
        for try await id in rows.decode(Int64.self) { return .stored(id: id) }
        return .duplicate
    }

    public func pendingIDs() async throws -> [Int64] {
        var ids: [Int64] = []
        for try await id in try await database.client.query("SELECT id FROM appservice_inbox WHERE processed_at IS NULL ORDER BY id")
            .decode(Int64.self) {
            ids.append(id)
        }
        return ids
    }

    public func entry(id: Int64) async throws -> InboxEntry? {
        let rows = try await database.client.query("SELECT id, txn_id, body, received_at FROM appservice_inbox WHERE id = \(id)")
        for try await (id, txnID, body, receivedAt) in rows.decode((Int64, String, Data, Double).self) {
            return InboxEntry(id: id, txnID: txnID, body: body, receivedAt: Date(timeIntervalSince1970: receivedAt))
        }
        return nil
    }

    public func recordRead(id: Int64) async throws -> Int {
        let rows = try await database.client.query("UPDATE appservice_inbox SET reads = reads + 1 WHERE id = \(id) RETURNING reads::bigint")
        var reads = 1
        for try await count in rows.decode(Int64.self) { reads = Int(count) }
        return reads
    }

    public func unseen(_ eventIDs: [EventID]) async throws -> Set<EventID> {
        guard !eventIDs.isEmpty else { return [] }
        var seen = Set<String>()
        let rows = try await database.client.query(
            "SELECT event_id FROM appservice_seen_event WHERE event_id = ANY(\(eventIDs.map(\.rawValue)))")
        for try await eventID in rows.decode(String.self) { seen.insert(eventID) }
        return Set(eventIDs.filter { !seen.contains($0.rawValue) })
    }

    public func complete(id: Int64, seen eventIDs: [EventID]) async throws {
        let now = Date().timeIntervalSince1970
        let logger = database.logger
        try await database.transaction { connection in
            if !eventIDs.isEmpty {
                try await connection.execute("""
                    INSERT INTO appservice_seen_event (event_id, seen_at) SELECT unnest(\(eventIDs.map(\.rawValue))::text[]), \(now)
                    ON CONFLICT (event_id) DO NOTHING
                    """, logger: logger)
            }
            try await connection.execute("UPDATE appservice_inbox SET processed_at = \(now) WHERE id = \(id)", logger: logger)
        }
    }

    public func prune(before cutoff: Date) async throws {
        let limit = cutoff.timeIntervalSince1970
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.execute(
                "DELETE FROM appservice_inbox WHERE processed_at IS NOT NULL AND processed_at < \(limit)", logger: logger)
            try await connection.execute("DELETE FROM appservice_seen_event WHERE seen_at < \(limit)", logger: logger)
        }
    }
}
