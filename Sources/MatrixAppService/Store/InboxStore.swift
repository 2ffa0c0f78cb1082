import Crypto
import Foundation
import GRDB

/// A stored transaction that has not been fully handled yet.
public struct InboxEntry: Sendable {
    public var id: Int64
    public var txnID: String
    public var body: Data
    /// When it was stored; nil from stores that do not keep it.
    public var receivedAt: Date? = nil
}

extension InboxEntry {
    /// The second half of the dedup key (hex SHA-256), the same in every store so a database can be copied.
    static func bodyHash(_ body: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: body) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

public enum EnqueueResult: Sendable, Equatable {
    case stored(id: Int64)
    /// Same id and same body as one already stored: the homeserver is retrying.
    case duplicate
}

/// The durable inbox: a transaction is written here before the homeserver gets `200 {}`.
public protocol InboxStore: Sendable {
    func enqueue(txnID: String, body: Data) async throws -> EnqueueResult
    func pendingIDs() async throws -> [Int64]
    func entry(id: Int64) async throws -> InboxEntry?
    /// Counts one more read of a stored entry for handling; returns the count including this one.
    func recordRead(id: Int64) async throws -> Int
    /// Filters out timeline events already handled (by event id).
    func unseen(_ eventIDs: [EventID]) async throws -> Set<EventID>
    /// Marks the events seen and the entry processed, in one commit.
    func complete(id: Int64, seen eventIDs: [EventID]) async throws
    /// Drops processed entries and seen-event ids older than the cutoff.
    func prune(before cutoff: Date) async throws
}

public struct SQLiteInboxStore: InboxStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func enqueue(txnID: String, body: Data) async throws -> EnqueueResult {
        let hash = InboxEntry.bodyHash(body)
        let now = Date().timeIntervalSince1970
        return try await writer.write { db in
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO appservice_inbox (txn_id, body_hash, body, received_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [txnID, hash, body, now])
            return db.changesCount == 0 ? .duplicate : .stored(id: db.lastInsertedRowID)
        }
    }

    public func pendingIDs() async throws -> [Int64] {
        try await writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM appservice_inbox WHERE processed_at IS NULL ORDER BY id")
        }
    }

    public func entry(id: Int64) async throws -> InboxEntry? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT id, txn_id, body, received_at FROM appservice_inbox WHERE id = ?", arguments: [id])
                .map { InboxEntry(id: $0["id"], txnID: $0["txn_id"], body: $0["body"],
                                  receivedAt: ($0["received_at"] as Double?).map(Date.init(timeIntervalSince1970:))) }
        }
    }

    public func recordRead(id: Int64) async throws -> Int {
        try await writer.write { db in
            try db.cachedStatement(sql: "UPDATE appservice_inbox SET reads = reads + 1 WHERE id = ?").execute(arguments: [id])
            return try Int.fetchOne(db, sql: "SELECT reads FROM appservice_inbox WHERE id = ?", arguments: [id]) ?? 1
        }
    }

    public func unseen(_ eventIDs: [EventID]) async throws -> Set<EventID> {
        guard !eventIDs.isEmpty else { return [] }
        let raw = eventIDs.map(\.rawValue)
        let seen = try await writer.read { db in
            try String.fetchSet(db, sql: "SELECT event_id FROM appservice_seen_event WHERE event_id IN (\(databaseQuestionMarks(count: raw.count)))",
                                arguments: StatementArguments(raw))
        }
        return Set(eventIDs.filter { !seen.contains($0.rawValue) })
    }

    public func complete(id: Int64, seen eventIDs: [EventID]) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO appservice_seen_event (event_id, seen_at) VALUES (?, ?)")
            for eventID in eventIDs {
                try insert.execute(arguments: [eventID.rawValue, now])
            }
            try db.cachedStatement(sql: "UPDATE appservice_inbox SET processed_at = ? WHERE id = ?").execute(arguments: [now, id])
        }
    }

    public func prune(before cutoff: Date) async throws {
        let limit = cutoff.timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM appservice_inbox WHERE processed_at IS NOT NULL AND processed_at < ?", arguments: [limit])
            try db.execute(sql: "DELETE FROM appservice_seen_event WHERE seen_at < ?", arguments: [limit])
        }
    }
}
