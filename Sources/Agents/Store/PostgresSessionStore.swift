import Foundation
import PostgresNIO
import TroupePostgres

struct PostgresSessionStore: SessionStore {
    let database: PostgresPool

    func all(agent: String, chat: ChatKey) async throws -> [String: String] {
        var sessions: [String: String] = [:]
        let rows = try await database.client.query(
            "SELECT provider, session_id FROM agent_sessions WHERE agent = \(agent) AND chat = \(chat.rawValue)",
            logger: database.logger)
        for try await (provider, session) in rows.decode((String, String).self) { sessions[provider] = session }
        return sessions
    }

    func set(_ sessionID: String, agent: String, chat: ChatKey, provider: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO agent_sessions (agent, chat, provider, session_id, updated_at)
            VALUES (\(agent), \(chat.rawValue), \(provider), \(sessionID), \(now))
            ON CONFLICT (agent, chat, provider) DO UPDATE SET session_id = excluded.session_id, updated_at = excluded.updated_at
            """)
    }

    func clear(agent: String, chat: ChatKey, provider: String?) async throws {
        if let provider {
            try await database.execute(
                "DELETE FROM agent_sessions WHERE agent = \(agent) AND chat = \(chat.rawValue) AND provider = \(provider)")
        } else {
            try await database.execute("DELETE FROM agent_sessions WHERE agent = \(agent) AND chat = \(chat.rawValue)")
        }
    }
}
