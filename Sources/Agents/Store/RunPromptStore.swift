import Foundation
import GRDB

/// Instructions waiting for a run's next turn: its children's results and steers. Stored before the child's
/// delivery is marked done, so a crash before the parent reads them loses nothing; resuming the run reads them back.
protocol RunPromptStore: Sendable {
    /// Adds a prompt; a child's delivery (`delivery`) is added once however often (or however many processes at
    /// once) its hand-over is tried.
    func add(_ prompt: String, run: RunID, delivery: Int64?) async throws
    /// The oldest stored copy of `prompt` is done with: its turn finished. Two removals at once take two copies.
    func remove(_ prompt: String, run: RunID) async throws
    /// Oldest first.
    func pending(run: RunID) async throws -> [String]
    func clear(run: RunID) async throws
}

extension RunPromptStore {
    func add(_ prompt: String, run: RunID) async throws { try await add(prompt, run: run, delivery: nil) }
}

struct SQLiteRunPromptStore: RunPromptStore {
    let writer: any DatabaseWriter

    func add(_ prompt: String, run: RunID, delivery: Int64?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO agent_run_prompts (run_id, prompt, delivery_id, created_at) VALUES (?, ?, ?, ?)",
                arguments: [run.rawValue, prompt, delivery, Date().timeIntervalSince1970])
        }
    }

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
