import Foundation
import PostgresNIO
import TroupePostgres

struct PostgresAgentStore: AgentStore {
    let database: PostgresPool

    func syncConfigured(_ agents: [String: AgentDefinition]) async throws {
        let encoded = try agents.sorted { $0.key < $1.key }.map { (name: $0.key, json: try Self.encode($0.value)) }
        let now = Date().timeIntervalSince1970
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.execute("DELETE FROM agent_agents WHERE source = 'config'", logger: logger)
            guard !encoded.isEmpty else { return }
            try await connection.execute("""
                INSERT INTO agent_agents (name, definition, source, updated_at)
                SELECT name, definition, 'config', \(now) FROM unnest(\(encoded.map(\.name))::text[], \(encoded.map(\.json))::text[])
                    AS configured (name, definition)
                ON CONFLICT (name) DO NOTHING
                """, logger: logger)
        }
    }

    func runtimeAgents() async throws -> [String: AgentDefinition] {
        var rows: [(name: String, json: String)] = []
        let result = try await database.client.query(
            "SELECT name, definition FROM agent_agents WHERE source = 'runtime'", logger: database.logger)
        for try await (name, json) in result.decode((String, String).self) { rows.append((name, json)) }
        return Self.decode(rows)
    }

    func saveRuntimeAgent(_ name: String, _ definition: AgentDefinition) async throws {
        let json = try Self.encode(definition)
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO agent_agents (name, definition, source, updated_at) VALUES (\(name), \(json), 'runtime', \(now))
            ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, source = 'runtime', updated_at = excluded.updated_at
            """)
    }

    func removeRuntimeAgent(_ name: String) async throws {
        try await database.execute("DELETE FROM agent_agents WHERE name = \(name) AND source = 'runtime'")
    }
}
