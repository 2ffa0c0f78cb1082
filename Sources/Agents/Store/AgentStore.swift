import Foundation
import GRDB

/// Agent definitions: the configured ones (mirrored so tools can list them)
/// and the ones added at run time, which survive restarts.
protocol AgentStore: Sendable {
    /// Replaces the mirrored config agents; run-time agents are left alone.
    func syncConfigured(_ agents: [String: AgentDefinition]) async throws
    /// The agents added at run time; a definition that no longer decodes is left out.
    func runtimeAgents() async throws -> [String: AgentDefinition]
    /// Adds or replaces a run-time agent (a config agent of the same name becomes a run-time one).
    func saveRuntimeAgent(_ name: String, _ definition: AgentDefinition) async throws
    func removeRuntimeAgent(_ name: String) async throws
}

extension AgentStore {
    /// Stored as JSON with sorted keys, the same bytes in every driver.
    static func encode(_ definition: AgentDefinition) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(definition), as: UTF8.self)
    }

    static func decode(_ rows: [(name: String, json: String)]) -> [String: AgentDefinition] {
        var result: [String: AgentDefinition] = [:]
        for row in rows {
            if let definition = try? JSONDecoder().decode(AgentDefinition.self, from: Data(row.json.utf8)) {
                result[row.name] = definition
            }
        }
        return result
    }
}

struct SQLiteAgentStore: AgentStore {
    let writer: any DatabaseWriter

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
        return Self.decode(rows)
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
}
