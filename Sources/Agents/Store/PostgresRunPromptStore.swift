import Foundation
import PostgresNIO
import TroupePostgres

/// `RunPromptStore` on PostgreSQL, with SQLiteRunPromptStore's guarantees: `delivery_id` is UNIQUE, so a
/// hand-over tried twice at once lands once (`ON CONFLICT DO NOTHING`), and a removal skips a copy another
/// removal has locked, so two at once take two copies.
struct PostgresRunPromptStore: RunPromptStore {
    let database: PostgresPool

    init(_ database: PostgresPool) { self.database = database }

    func add(_ prompt: String, run: RunID, delivery: Int64?) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO agent_run_prompts (run_id, prompt, delivery_id, created_at) VALUES (\(run.rawValue), \(prompt), \(delivery), \(now))
            ON CONFLICT DO NOTHING
            """)
    }

    func remove(_ prompt: String, run: RunID) async throws {
        try await database.execute("""
            DELETE FROM agent_run_prompts WHERE id = (
                SELECT id FROM agent_run_prompts WHERE run_id = \(run.rawValue) AND prompt = \(prompt)
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            """)
    }

    func pending(run: RunID) async throws -> [String] {
        var prompts: [String] = []
        let rows = try await database.client.query(
            "SELECT prompt FROM agent_run_prompts WHERE run_id = \(run.rawValue) ORDER BY id", logger: database.logger)
        for try await prompt in rows.decode(String.self) { prompts.append(prompt) }
        return prompts
    }

    func clear(run: RunID) async throws {
        try await database.execute("DELETE FROM agent_run_prompts WHERE run_id = \(run.rawValue)")
    }
}
