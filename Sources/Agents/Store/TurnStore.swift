import Foundation
import GRDB

/// Turns not yet finished. Rows live from submit to the end of the turn, so
/// whatever is left after a crash is exactly what the user never got an answer to.
struct TurnStore: Sendable {
    let writer: any DatabaseWriter
    /// Distinguishes this process's rows from a dead one's.
    let instance: String

    func insertQueued(id: TurnID, agent: String, chat: ChatKey, provider: String, prompt: String) async throws {
        try await writer.write { [instance] db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO agent_turns (id, agent, chat, provider, prompt, state, instance, submitted_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
                arguments: [id.rawValue, agent, chat.rawValue, provider, prompt, instance, Date().timeIntervalSince1970])
        }
    }

    func markRunning(id: TurnID, provider: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE agent_turns SET state = 'running', provider = ?, started_at = ? WHERE id = ?",
                arguments: [provider, Date().timeIntervalSince1970, id.rawValue])
        }
    }

    func delete(id: TurnID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM agent_turns WHERE id = ?", arguments: [id.rawValue])
        }
    }

    /// Marks other instances' unfinished turns interrupted and returns them, once.
    /// Old interrupted rows are pruned so the table stays small.
    func recoverInterrupted(keepFor retention: TimeInterval = 7 * 24 * 3600) async throws -> [InterruptedTurn] {
        try await writer.write { [instance] db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM agent_turns WHERE state IN ('queued', 'running') AND instance != ? ORDER BY submitted_at",
                arguments: [instance])
            try db.execute(
                sql: "UPDATE agent_turns SET state = 'interrupted' WHERE state IN ('queued', 'running') AND instance != ?",
                arguments: [instance])
            try db.execute(
                sql: "DELETE FROM agent_turns WHERE state = 'interrupted' AND submitted_at < ?",
                arguments: [Date().timeIntervalSince1970 - retention])
            return rows.map { row in
                InterruptedTurn(
                    id: TurnID(rawValue: row["id"]), agent: row["agent"], chat: ChatKey(rawValue: row["chat"]),
                    provider: row["provider"], prompt: row["prompt"], wasRunning: (row["state"] as String) == "running",
                    submittedAt: Date(timeIntervalSince1970: row["submitted_at"]))
            }
        }
    }
}
