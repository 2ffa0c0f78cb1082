import Foundation
import GRDB

/// Agent definitions: the configured ones (mirrored so tools can list them)
/// and the ones added at run time, which survive restarts.
struct AgentStore: Sendable {
    let writer: any DatabaseWriter

    /// Replaces the mirrored config agents; run-time agents are left alone.
    func syncConfigured(_ agents: [String: AgentDefinition]) async throws {
        let encoded = try agents.mapValues { try Self.encode($0) }
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM agent_agents WHERE source = 'config'")
            for (name, json) in encoded {
                try db.execute(
                    sql: "INSERT INTO agent_agents (name, definition, source, updated_at) VALUES (?, ?, 'config', ?) ON CONFLICT (name) DO NOTHING",
                    arguments: [name, json, Date().timeIntervalSince1970])
            }
        }
    }

    func runtimeAgents() async throws -> [String: AgentDefinition] {
        let rows = try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, definition FROM agent_agents WHERE source = 'runtime'")
                .map { (name: $0["name"] as String, json: $0["definition"] as String) }
        }
        var result: [String: AgentDefinition] = [:]
        for row in rows {
            if let definition = try? JSONDecoder().decode(AgentDefinition.self, from: Data(row.json.utf8)) {
                result[row.name] = definition
            }
        }
        return result
    }

    func saveRuntimeAgent(_ name: String, _ definition: AgentDefinition) async throws {
        let json = try Self.encode(definition)
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO agent_agents (name, definition, source, updated_at) VALUES (?, ?, 'runtime', ?)
                    ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, source = 'runtime', updated_at = excluded.updated_at
                    """,
                arguments: [name, json, Date().timeIntervalSince1970])
        }
    }

    func removeRuntimeAgent(_ name: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM agent_agents WHERE name = ? AND source = 'runtime'", arguments: [name])
        }
    }

    private static func encode(_ definition: AgentDefinition) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(definition), as: UTF8.self)
    }
}
