import PostgresNIO
import TroupePostgres

struct PostgresAgentsMaintenance: AgentsMaintenance {
    let database: PostgresPool

    func forget(chat: ChatKey) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            for table in AgentsTables.perChat {
                try await connection.execute("DELETE FROM \(unescaped: table) WHERE chat = \(chat.rawValue)", logger: logger)
            }
        }
    }

    func purge(agent: String) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            for table in AgentsTables.perAgent {
                try await connection.execute("DELETE FROM \(unescaped: table) WHERE agent = \(agent)", logger: logger)
            }
        }
    }
}
