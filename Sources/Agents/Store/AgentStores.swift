import GRDB
import TroupePostgres

/// The conversation-side stores on one database, picked in one place (SQLite or PostgreSQL). The turn store
/// is made per runtime, because its rows carry the runtime's instance id.
public struct AgentStores: Sendable {
    let agents: any AgentStore
    let conversations: any ConversationStore
    let sessions: any SessionStore
    let history: any HistoryStore
    let maintenance: any AgentsMaintenance
    /// The turn store of the runtime with this instance id.
    let turns: @Sendable (_ instance: String) -> any TurnStore

    /// - Parameter writer: already migrated with `AgentsSchema.registerMigrations`.
    public static func sqlite(_ writer: any DatabaseWriter) -> AgentStores {
        AgentStores(
            agents: SQLiteAgentStore(writer: writer), conversations: SQLiteConversationStore(writer: writer),
            sessions: SQLiteSessionStore(writer: writer), history: SQLiteHistoryStore(writer: writer),
            maintenance: SQLiteAgentsMaintenance(writer: writer),
            turns: { SQLiteTurnStore(writer: writer, instance: $0) })
    }

    /// - Parameter pool: migrated with `AgentsSchema.registerMigrations(_: inout PostgresMigrator)`, and running.
    public static func postgres(_ pool: PostgresPool) -> AgentStores {
        AgentStores(
            agents: PostgresAgentStore(database: pool), conversations: PostgresConversationStore(database: pool),
            sessions: PostgresSessionStore(database: pool), history: PostgresHistoryStore(database: pool),
            maintenance: PostgresAgentsMaintenance(database: pool),
            turns: { PostgresTurnStore(database: pool, instance: $0) })
    }
}
