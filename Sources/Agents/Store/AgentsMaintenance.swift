import GRDB

/// Deletes that span the conversation tables, each in one transaction.
protocol AgentsMaintenance: Sendable {
    /// Every agent's sessions, totals and history in a chat that ended for good.
    func forget(chat: ChatKey) async throws
    /// Everything stored about one agent's conversations and runs.
    func purge(agent: String) async throws
}

enum AgentsTables {
    /// What a chat leaves behind, by `chat`.
    static let perChat = ["agent_sessions", "agent_conversations", "agent_history"]
    /// What an agent leaves behind, by `agent`.
    static let perAgent = ["agent_conversations", "agent_sessions", "agent_history", "agent_turns", "agent_runs"]
}

struct SQLiteAgentsMaintenance: AgentsMaintenance {
    let writer: any DatabaseWriter

    func forget(chat: ChatKey) async throws {
        try await writer.write { db in
            for table in AgentsTables.perChat {
                try db.execute(sql: "DELETE FROM \(table) WHERE chat = ?", arguments: [chat.rawValue])
            }
        }
    }

    func purge(agent: String) async throws {
        try await writer.write { db in
            for table in AgentsTables.perAgent {
                try db.execute(sql: "DELETE FROM \(table) WHERE agent = ?", arguments: [agent])
            }
        }
    }
}
