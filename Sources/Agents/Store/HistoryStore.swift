import Foundation
import GRDB

/// The transcript Troupe keeps for stateless (HTTP) providers, one per session
/// id so `new` starts a clean history without deleting the old one.
protocol HistoryStore: Sendable {
    /// Stores the messages in their order, after what the session has already.
    func append(_ messages: [HistoryMessage], agent: String, chat: ChatKey, session: String) async throws
    /// Newest messages that fit both limits, returned oldest first. A history
    /// never starts with an assistant message, which some servers reject.
    func recent(agent: String, chat: ChatKey, session: String, maxMessages: Int, maxChars: Int) async throws -> [HistoryMessage]
}

struct SQLiteHistoryStore: HistoryStore {
    let writer: any DatabaseWriter

    func append(_ messages: [HistoryMessage], agent: String, chat: ChatKey, session: String) async throws {
        try await writer.write { db in
            let now = Date().timeIntervalSince1970
            for message in messages {
                try db.execute(
                    sql: "INSERT INTO agent_history (agent, chat, session_id, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [agent, chat.rawValue, session, message.role.rawValue, message.content, now])
            }
        }
    }

    func recent(agent: String, chat: ChatKey, session: String, maxMessages: Int, maxChars: Int) async throws -> [HistoryMessage] {
        let rows = try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT role, content FROM agent_history WHERE agent = ? AND chat = ? AND session_id = ? ORDER BY id DESC LIMIT ?",
                arguments: [agent, chat.rawValue, session, maxMessages])
                .map { (role: $0["role"] as String, content: $0["content"] as String) }
        }
        return HistoryMessage.fitting(newestFirst: rows, maxChars: maxChars)
    }
}

extension HistoryMessage {
    /// The newest rows (newest first) whose text fits `maxChars`, oldest first, not starting with the assistant.
    /// Rows of an unknown role are skipped.
    static func fitting(newestFirst rows: [(role: String, content: String)], maxChars: Int) -> [HistoryMessage] {
        var picked: [HistoryMessage] = []
        var chars = 0
        for row in rows {
            let content = row.content
            guard let role = HistoryMessage.Role(rawValue: row.role) else { continue }
            if chars + content.count > maxChars { break }
            chars += content.count
            picked.append(HistoryMessage(role: role, content: content))
        }
        picked.reverse()
        while picked.first?.role == .assistant { picked.removeFirst() }
        return picked
    }
}
