import Foundation
import GRDB

/// Instructions waiting for a run's next turn: its children's results and steers. Stored before the child's
/// delivery is marked done, so a crash before the parent reads them loses nothing; resuming the run reads them back.
struct RunPromptStore: Sendable {
    let writer: any DatabaseWriter

    /// Adds a prompt; a child's delivery (`delivery`) is added once however often its hand-over is retried.
    func add(_ prompt: String, run: RunID, delivery: Int64? = nil) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO agent_run_prompts (run_id, prompt, delivery_id, created_at) VALUES (?, ?, ?, ?)",
                arguments: [run.rawValue, prompt, delivery, Date().timeIntervalSince1970])
        }
    }

    /// The oldest stored copy of `prompt` is done with: its turn finished.
    func remove(_ prompt: String, run: RunID) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM agent_run_prompts WHERE id = (SELECT MIN(id) FROM agent_run_prompts WHERE run_id = ? AND prompt = ?)",
                arguments: [run.rawValue, prompt])
        }
    }

    func pending(run: RunID) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT prompt FROM agent_run_prompts WHERE run_id = ? ORDER BY id", arguments: [run.rawValue])
        }
    }

    func clear(run: RunID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM agent_run_prompts WHERE run_id = ?", arguments: [run.rawValue])
        }
    }
}
