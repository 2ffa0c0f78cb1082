import Foundation
import PostgresNIO
import TroupePostgres

/// `NamedSessionStore` on PostgreSQL.
public struct PostgresNamedSessionStore: NamedSessionStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func create(_ session: NamedSession) async throws {
        try await database.execute("""
            INSERT INTO bridge_named_session (chat, name, agent, created_at)
            VALUES (\(session.chat), \(session.name), \(session.agent), \(session.createdAt.timeIntervalSince1970))
            """)
    }

    public func sessions(in chat: String) async throws -> [NamedSession] {
        try await database.rows("""
            SELECT name, agent, created_at FROM bridge_named_session WHERE chat = \(chat) ORDER BY created_at
            """).map { row in
            let (name, agent, createdAt) = try row.decode((String, String, Double).self)
            return NamedSession(chat: chat, name: name, agent: agent, createdAt: Date(timeIntervalSince1970: createdAt))
        }
    }

    @discardableResult
    public func end(in chat: String, named name: String) async throws -> Bool {
        try await database.changed("DELETE FROM bridge_named_session WHERE chat = \(chat) AND name = \(name.lowercased()) RETURNING name")
    }
}
