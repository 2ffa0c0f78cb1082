import Foundation
import PostgresNIO
import TroupePostgres

struct PostgresHistoryStore: HistoryStore {
    let database: PostgresPool

    /// One insert per message in one transaction, so the ids (which `recent` orders by) follow the messages.
    func append(_ messages: [HistoryMessage], agent: String, chat: ChatKey, session: String) async throws {
        guard !messages.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        let logger = database.logger
        try await database.transaction { connection in
            for message in messages {
                try await connection.execute("""
                    INSERT INTO agent_history (agent, chat, session_id, role, content, created_at)
                    VALUES (\(agent), \(chat.rawValue), \(session), \(message.role.rawValue), \(message.content), \(now))
                    """, logger: logger)
            }
        }
    }

    func recent(agent: String, chat: ChatKey, session: String, maxMessages: Int, maxChars: Int) async throws -> [HistoryMessage] {
        var rows: [(role: String, content: String)] = []
        let result = try await database.client.query("""
            SELECT role, content FROM agent_history WHERE agent = \(agent) AND chat = \(chat.rawValue) AND session_id = \(session)
            ORDER BY id DESC LIMIT \(maxMessages)
            """, logger: database.logger)
        for try await (role, content) in result.decode((String, String).self) { rows.append((role, content)) }
        return HistoryMessage.fitting(newestFirst: rows, maxChars: maxChars)
    }
}
