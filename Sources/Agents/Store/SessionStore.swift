import Foundation
import GRDB

/// Session ids per (agent, chat, provider): switching provider and back resumes
/// the right session, because each provider's id is kept under its own key.
protocol SessionStore: Sendable {
    /// Session id by provider.
    func all(agent: String, chat: ChatKey) async throws -> [String: String]
    func set(_ sessionID: String, agent: String, chat: ChatKey, provider: String) async throws
    /// One provider's session, or every provider's when `provider` is nil.
    func clear(agent: String, chat: ChatKey, provider: String?) async throws
}

extension SessionStore {
    func clear(agent: String, chat: ChatKey) async throws { try await clear(agent: agent, chat: chat, provider: nil) }
}

struct SQLiteSessionStore: SessionStore {
    let writer: any DatabaseWriter

    func all(agent: String, chat: ChatKey) async throws -> [String: String] {
        try await writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT provider, session_id FROM agent_sessions WHERE agent = ? AND chat = ?",
                arguments: [agent, chat.rawValue])
            return Dictionary(rows.map { ($0["provider"] as String, $0["session_id"] as String) }, uniquingKeysWith: { _, b in b })
        }
    }

    func set(_ sessionID: String, agent: String, chat: ChatKey, provider: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO agent_sessions (agent, chat, provider, session_id, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (agent, chat, provider) DO UPDATE SET session_id = excluded.session_id, updated_at = excluded.updated_at
                    """,
                arguments: [agent, chat.rawValue, provider, sessionID, Date().timeIntervalSince1970])
        }
    }

    func clear(agent: String, chat: ChatKey, provider: String?) async throws {
        try await writer.write { db in
            if let provider {
                try db.execute(
                    sql: "DELETE FROM agent_sessions WHERE agent = ? AND chat = ? AND provider = ?",
                    arguments: [agent, chat.rawValue, provider])
            } else {
                try db.execute(sql: "DELETE FROM agent_sessions WHERE agent = ? AND chat = ?", arguments: [agent, chat.rawValue])
            }
        }
    }
}
