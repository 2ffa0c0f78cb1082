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
                    try DeliveryStore.enqueue(run: run.id, report: RunPrompts.report(run), at: now, db)
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
