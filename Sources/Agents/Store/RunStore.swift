import Foundation
import GRDB

/// Every run, finished or not. The manager keeps unfinished runs in memory and writes each change
/// through; this table is what survives a restart.
protocol RunStore: Sendable {
    /// Stores the run as it is now, every column.
    func save(_ run: Run) async throws
    /// Stores several runs in one transaction (a re-parented subtree): all of them or none.
    func save(_ runs: [Run]) async throws
    /// Stores a run's final state and, if `report` is given, queues its delivery in the same transaction, so the
    /// result cannot be lost between the two.
    func finish(_ run: Run, report: String?) async throws
    func run(_ id: RunID) async throws -> Run?
    /// Newest first.
    func recent(limit: Int) async throws -> [Run]
    /// Marks every unfinished run of a previous process interrupted and queues a notice for each one whose
    /// parent was not itself interrupted (that parent's own notice covers its subtree). Returns them, once:
    /// two processes recovering at the same time share the runs out, neither sees one the other took.
    func recoverInterrupted() async throws -> [Run]
    /// Deletes finished runs past `retention` or beyond the newest `keep`, with their delivered deliveries,
    /// waiting prompts and their run chats' sessions, totals and history. Unfinished runs stay; interrupted ones
    /// (which can still be resumed) stay unless past `retention`; a run with a pending delivery stays.
    /// Returns how many runs went.
    @discardableResult
    func prune(retention: TimeInterval, keep: Int, now: Date) async throws -> Int
}

/// Finished runs are kept this long, and at most `kept` of them.
enum RunRetention {
    static let period: TimeInterval = 30 * 24 * 3600
    static let kept = 10_000
}

extension RunStore {
    @discardableResult
    func prune(retention: TimeInterval = RunRetention.period, keep: Int = RunRetention.kept) async throws -> Int {
        try await prune(retention: retention, keep: keep, now: Date())
    }
}

/// How recovery rewrites a run a previous process left unfinished; the same for every driver.
enum RunRecovery {
    static let unfinishedStates = ["accepted", "queued", "running"]

    static func interrupted(_ run: Run, at now: Date) -> Run {
        var run = run
        let wasRunning = run.state == .running
        run.state = .interrupted
        run.failure = wasRunning ? .restartedWhileWorking : .restartedBeforeStart
        run.error = run.failure?.english
        run.finishedAt = now
        return run
    }

    /// What it was handed but never read (its children's results, steers) goes with its report, so the
    /// requester has it even if nobody resumes the run.
    static func report(_ run: Run, waiting: [String]) -> String {
        var report = RunPrompts.report(run)
        if !waiting.isEmpty {
            report += "\n\nIt had been handed these and not read them yet:\n\n" + waiting.joined(separator: "\n\n")
        }
        return report
    }
}

struct SQLiteRunStore: RunStore {
    let writer: any DatabaseWriter

    func save(_ run: Run) async throws {
        try await writer.write { db in try Self.save(run, db) }
    }

    func save(_ runs: [Run]) async throws {
        try await writer.write { db in
            for run in runs { try Self.save(run, db) }
        }
    }

    func finish(_ run: Run, report: String?) async throws {
        try await writer.write { db in
            try Self.save(run, db)
            if let report { try SQLiteDeliveryStore.enqueue(run: run.id, report: report, at: Date(), db) }
        }
    }

    static func save(_ run: Run, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO agent_runs
                  (id, parent, depth, routing_agent, routing_chat, routing_origin, routing_user, root_chat, task, agent, role,
                   provider, model, state, result, error, input_tokens, output_tokens, cached_input_tokens, cost_usd,
                   timeout, token_budget, delivery, delivery_error, created_at, started_at, finished_at, failure)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                run.id.rawValue, run.parent?.rawValue, run.depth, run.routing.agent, run.routing.chat.rawValue,
                run.routing.origin, run.routing.user, run.rootChat.rawValue, run.task, run.agent, run.role,
                run.provider, run.model, run.state.rawValue, run.result, run.error, run.usage.inputTokens,
                run.usage.outputTokens, run.usage.cachedInputTokens, run.costUSD, run.timeout, run.tokenBudget,
                run.delivery.rawValue, run.deliveryError, run.createdAt.timeIntervalSince1970,
                run.startedAt?.timeIntervalSince1970, run.finishedAt?.timeIntervalSince1970, RunFailure.encoded(run.failure),
            ])
    }

    func run(_ id: RunID) async throws -> Run? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM agent_runs WHERE id = ?", arguments: [id.rawValue]).map(Self.decode)
        }
    }

    func recent(limit: Int) async throws -> [Run] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_runs ORDER BY created_at DESC LIMIT ?", arguments: [limit]).map(Self.decode)
        }
    }

    func recoverInterrupted() async throws -> [Run] {
        try await writer.write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM agent_runs WHERE state IN ('accepted', 'queued', 'running') ORDER BY created_at")
            let runs = rows.map(Self.decode)
            let ids = Set(runs.map(\.id))
            let now = Date()
            var recovered: [Run] = []
            for found in runs {
                var run = RunRecovery.interrupted(found, at: now)
                let parentAlsoInterrupted = run.parent.map { ids.contains($0) } ?? false
                if !parentAlsoInterrupted {
                    run.delivery = .pending
                    let waiting = try String.fetchAll(
                        db, sql: "SELECT prompt FROM agent_run_prompts WHERE run_id = ? ORDER BY id", arguments: [run.id.rawValue])
                    try SQLiteDeliveryStore.enqueue(run: run.id, report: RunRecovery.report(run, waiting: waiting), at: now, db)
                }
                try Self.save(run, db)
                recovered.append(run)
            }
            return recovered
        }
    }

    func prune(retention: TimeInterval, keep: Int, now: Date) async throws -> Int {
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
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            failure: RunFailure.decoded(row["failure"]))
    }
}
