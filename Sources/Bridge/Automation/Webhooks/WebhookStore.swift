import Foundation
import GRDB

/// Webhooks and the delivery ids they have seen (`bridge_webhook`, `bridge_webhook_delivery`).
public protocol WebhookStore: Sendable {
    /// False when a hook of that name exists already.
    func add(_ hook: Webhook) async throws -> Bool
    func hook(_ name: String) async throws -> Webhook?
    /// The hooks made in a chat (or everywhere), by name (bytewise); rows that no longer read are skipped.
    func hooks(in chat: ChatAddress?) async throws -> [Webhook]
    /// False when there is no such hook.
    @discardableResult
    func setSecret(_ name: String, _ secret: String) async throws -> Bool
    /// Deletes the hook and the deliveries it has seen; false when there is no such hook.
    @discardableResult
    func delete(_ name: String) async throws -> Bool
    /// Whether the delivery id was seen within `Webhook.deliveryMemory` before `now`.
    func hasSeen(_ delivery: String, hook: String, at now: Date) async throws -> Bool
    /// Remembers a delivery id; false when it was seen already (within a day). Forgets ids older than that.
    func firstSight(of delivery: String, hook: String, at now: Date) async throws -> Bool
}

extension WebhookStore {
    func hooks() async throws -> [Webhook] { try await hooks(in: nil) }
}

extension Webhook {
    /// How long a delivery id is remembered: longer than any sender keeps retrying one delivery.
    static let deliveryMemory: TimeInterval = 24 * 3600
}

public struct SQLiteWebhookStore: WebhookStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func add(_ hook: Webhook) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO bridge_webhook (name, agent, chat, secret, template, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [hook.name, hook.agent, hook.chat.stored, hook.secret, hook.template, hook.createdBy,
                                 hook.createdAt.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    public func hook(_ name: String) async throws -> Webhook? {
        // Rows are not Sendable: they become hooks inside the read.
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM bridge_webhook WHERE name = ?", arguments: [name]).flatMap(Self.hook) }
    }

    public func hooks(in chat: ChatAddress?) async throws -> [Webhook] {
        try await writer.read { db in
            let rows = try chat.map {
                try Row.fetchAll(db, sql: "SELECT * FROM bridge_webhook WHERE chat = ? ORDER BY name", arguments: [$0.stored])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM bridge_webhook ORDER BY name")
            return rows.compactMap(Self.hook)
        }
    }

    @discardableResult
    public func setSecret(_ name: String, _ secret: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE bridge_webhook SET secret = ? WHERE name = ?", arguments: [secret, name])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func delete(_ name: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_webhook_delivery WHERE hook = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM bridge_webhook WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    public func hasSeen(_ delivery: String, hook: String, at now: Date) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM bridge_webhook_delivery WHERE hook = ? AND delivery = ? AND seen_at > ?)",
                              arguments: [hook, delivery, (now - Webhook.deliveryMemory).timeIntervalSince1970]) ?? false
        }
    }

    public func firstSight(of delivery: String, hook: String, at now: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_webhook_delivery WHERE seen_at <= ?",
                           arguments: [(now - Webhook.deliveryMemory).timeIntervalSince1970])
            try db.execute(sql: "INSERT OR IGNORE INTO bridge_webhook_delivery (hook, delivery, seen_at) VALUES (?, ?, ?)",
                           arguments: [hook, delivery, now.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    /// A stored row as a hook; nil (and left alone) when its chat can no longer be read.
    private static func hook(_ row: Row) -> Webhook? {
        guard let chat = ChatAddress(stored: row["chat"]) else { return nil }
        return Webhook(name: row["name"], agent: row["agent"], chat: chat, secret: row["secret"], template: row["template"],
                       createdBy: row["created_by"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
