import Foundation
import PostgresNIO
import TroupePostgres

/// `WebhookStore` on PostgreSQL. A delivery id is claimed by its insert (`ON CONFLICT DO NOTHING RETURNING`), so of
/// two processes that receive one delivery at once only one runs its turn.
public struct PostgresWebhookStore: WebhookStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    static let columns = "name, agent, chat, secret, template, created_by, created_at"

    public func add(_ hook: Webhook) async throws -> Bool {
        try await database.changed("""
            INSERT INTO bridge_webhook (name, agent, chat, secret, template, created_by, created_at)
            VALUES (\(hook.name), \(hook.agent), \(hook.chat.stored), \(hook.secret), \(hook.template), \(hook.createdBy),
                    \(hook.createdAt.timeIntervalSince1970))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """)
    }

    public func hook(_ name: String) async throws -> Webhook? {
        try await hooks("SELECT \(unescaped: Self.columns) FROM bridge_webhook WHERE name = \(name)").first
    }

    public func hooks(in chat: ChatAddress?) async throws -> [Webhook] {
        if let chat {
            try await hooks("SELECT \(unescaped: Self.columns) FROM bridge_webhook WHERE chat = \(chat.stored) ORDER BY name COLLATE \"C\"")
        } else {
            try await hooks("SELECT \(unescaped: Self.columns) FROM bridge_webhook ORDER BY name COLLATE \"C\"")
        }
    }

    @discardableResult
    public func setSecret(_ name: String, _ secret: String) async throws -> Bool {
        try await database.changed("UPDATE bridge_webhook SET secret = \(secret) WHERE name = \(name) RETURNING name")
    }

    @discardableResult
    public func delete(_ name: String) async throws -> Bool {
        let logger = database.logger
        return try await database.transaction { connection in
            try await connection.execute("DELETE FROM bridge_webhook_delivery WHERE hook = \(name)", logger: logger)
            return try await !connection.rows("DELETE FROM bridge_webhook WHERE name = \(name) RETURNING name", logger: logger).isEmpty
        }
    }

    public func hasSeen(_ delivery: String, hook: String, at now: Date) async throws -> Bool {
        let since = (now - Webhook.deliveryMemory).timeIntervalSince1970
        return try await !database.rows("""
            SELECT 1 FROM bridge_webhook_delivery WHERE hook = \(hook) AND delivery = \(delivery) AND seen_at > \(since)
            """).isEmpty
    }

    public func firstSight(of delivery: String, hook: String, at now: Date) async throws -> Bool {
        let logger = database.logger
        let forgotten = (now - Webhook.deliveryMemory).timeIntervalSince1970
        return try await database.transaction { connection in
            try await connection.execute("DELETE FROM bridge_webhook_delivery WHERE seen_at <= \(forgotten)", logger: logger)
            return try await !connection.rows("""
                INSERT INTO bridge_webhook_delivery (hook, delivery, seen_at) VALUES (\(hook), \(delivery), \(now.timeIntervalSince1970))
                ON CONFLICT (hook, delivery) DO NOTHING RETURNING hook
                """, logger: logger).isEmpty
        }
    }

    private func hooks(_ query: PostgresQuery) async throws -> [Webhook] {
        try await database.rows(query).compactMap { row in
            let (name, agent, chat, secret, template, createdBy, createdAt) = try row.decode((String, String, String, String, String?, String, Double).self)
            // A hook whose chat can no longer be read is left alone, as on SQLite.
            guard let address = ChatAddress(stored: chat) else { return nil }
            return Webhook(name: name, agent: agent, chat: address, secret: secret, template: template, createdBy: createdBy,
                           createdAt: Date(timeIntervalSince1970: createdAt))
        }
    }
}
