import Foundation
import GRDB

/// Every run, finished or not. The manager keeps unfinished runs in memory and writes each change
/// through; this table is what survives a restart.
struct RunStore: Sendable {
    let writer: any DatabaseWriter

    func save(_ run: Run) async throws {
        try await writer.write { db in try Self.save(run, db) }
    }

    static func save(_ run: Run, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO agent_runs
                  (id, parent, depth, routing_agent, routing_chat, routing_origin, routing_user, root_chat, task, agent, role,
                   provider, model, state, result, error, input_tokens, output_tokens, cached_input_tokens, cost_usd,
                   timeout, token_budget, delivery, delivery_error, created_at, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.id.rawValue, run.parent?.rawValue, run.depth, run.routing.agent, run.routing.chat.rawValue,
                run.routing.origin, run.routing.user, run.rootChat.rawValue, run.task, run.agent, run.role,
                run.provider, run.model, run.state.rawValue, run.result, run.error, run.usage.inputTokens,
                run.usage.outputTokens, run.usage.cachedInputTokens, run.costUSD, run.timeout, run.tokenBudget,
                run.delivery.rawValue, run.deliveryError, run.createdAt.timeIntervalSince1970,
                run.startedAt?.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970,
            ])
    }

    func run(_ id: RunID) async throws -> Run? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM agent_runs WHERE id = ?", arguments: [id.rawValue]).map(Self.decode)
        }
    }

    /// Newest first.
    func recent(limit: Int = 200) async throws -> [Run] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_runs ORDER BY created_at DESC LIMIT ?", arguments: [limit]).map(Self.decode)
        }
    }

    func children(of id: RunID) async throws -> [Run] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_runs WHERE parent = ? ORDER BY created_at", arguments: [id.rawValue])
                .map(Self.decode)
        }
    }

    /// Marks every unfinished run of a previous process interrupted and queues a notice for each one whose
    /// parent was not itself interrupted (that parent's own notice covers its subtree). Returns them, once.
    func recoverInterrupted() async throws -> [Run] {
        try await writer.write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM agent_runs WHERE state IN ('accepted', 'queued', 'running') ORDER BY created_at")
            let runs = rows.map(Self.decode)
            let ids = Set(runs.map(\.id))
            let now = Date()
            var recovered: [Run] = []
            for var run in runs {
                let wasRunning = run.state == .running
                run.state = .interrupted
                run.error = wasRunning ? "Troupe restarted while this run was working." : "Troupe restarted before this run started."
                run.finishedAt = now
                let parentAlsoInterrupted = run.parent.map { ids.contains($0) } ?? false
                if !parentAlsoInterrupted {
                    run.delivery = .pending
                    // What it was handed but never read (its children's results, steers) goes with its report, so
                    // the requester has it even if nobody resumes the run.
                    var report = RunPrompts.report(run)
                    let waiting = try String.fetchAll(
                        db, sql: "SELECT prompt FROM agent_run_prompts WHERE run_id = ? ORDER BY id", arguments: [run.id.rawValue])
                    if !waiting.isEmpty {
                        report += "\n\nIt had been handed these and not read them yet:\n\n" + waiting.joined(separator: "\n\n")
                    }
                    try DeliveryStore.enqueue(run: run.id, report: report, at: now, db)
                }
                try Self.save(run, db)
                recovered.append(run)
            }
            return recovered
        }
    }

    static func decode(_ row: Row) -> Run {
        Run(
            id: RunID(rawValue: row["id"]),
            parent: (row["parent"] as String?).map(RunID.init(rawValue:)),
            depth: row["depth"],
            routing: RunRouting(
                agent: row["routing_agent"], chat: ChatKey(rawValue: row["routing_chat"]), origin: row["routing_origin"],
                user: row["routing_user"]),
            rootChat: ChatKey(rawValue: row["root_chat"]),
            task: row["task"], agent: row["agent"], role: row["role"], provider: row["provider"], model: row["model"],
            state: RunState(rawValue: row["state"]) ?? .failed,
            result: row["result"], error: row["error"],
            usage: TokenUsage(
                inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], cachedInputTokens: row["cached_input_tokens"]),
            costUSD: row["cost_usd"], timeout: row["timeout"], tokenBudget: row["token_budget"],
            delivery: DeliveryState(rawValue: row["delivery"]) ?? .none, deliveryError: row["delivery_error"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}

extension RunStore {
    /// Finished runs are kept this long, and at most `keptRuns` of them; older ones go with their deliveries,
    /// waiting prompts and their run chats' sessions, totals and history.
    static let retention: TimeInterval = 30 * 24 * 3600
    static let keptRuns = 10_000

    /// Deletes finished runs past `retention` or beyond the newest `keep`. Unfinished and interrupted runs stay
    /// (an interrupted run can still be resumed) unless they are past `retention` too. Returns how many went.
    @discardableResult
    func prune(retention: TimeInterval = Self.retention, keep: Int = Self.keptRuns, now: Date = Date()) async throws -> Int {
        try await writer.write { db in
            let cutoff = now.timeIntervalSince1970 - retention
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM agent_runs WHERE state NOT IN ('accepted', 'queued', 'running') AND (
                    COALESCE(finished_at, created_at) < ?
                    OR id NOT IN (SELECT id FROM agent_runs ORDER BY created_at DESC LIMIT ?))
                """, arguments: [cutoff, keep])
            var deleted = 0
            for id in ids {
                let chat = Run.chat(for: RunID(rawValue: id)).rawValue
                try db.execute(sql: "DELETE FROM agent_deliveries WHERE run_id = ? AND state != 'pending'", arguments: [id])
                try db.execute(sql: "DELETE FROM agent_run_prompts WHERE run_id = ?", arguments: [id])
                for table in ["agent_sessions", "agent_conversations", "agent_history"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE chat = ?", arguments: [chat])
                }
                try db.execute(sql: "DELETE FROM agent_runs WHERE id = ? AND NOT EXISTS (SELECT 1 FROM agent_deliveries WHERE run_id = ? AND state = 'pending')",
                               arguments: [id, id])
                deleted += db.changesCount
            }
            return deleted
        }
    }
}
