import Foundation
import PostgresNIO
import TroupePostgres

/// `RunStore` on PostgreSQL, with SQLiteRunStore's guarantees. Recovery locks the unfinished runs it reads
/// (`FOR UPDATE`), so a second process recovering at the same time waits, then finds them finished.
struct PostgresRunStore: RunStore {
    let database: PostgresPool

    init(_ database: PostgresPool) { self.database = database }

    func save(_ run: Run) async throws {
        try await database.execute(Self.upsert(run))
    }

    func save(_ runs: [Run]) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            for run in runs { try await connection.execute(Self.upsert(run), logger: logger) }
        }
    }

    func finish(_ run: Run, report: String?) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            try await connection.execute(Self.upsert(run), logger: logger)
            if let report {
                try await connection.execute(PostgresDeliveryStore.enqueue(run: run.id, report: report, at: Date()), logger: logger)
            }
        }
    }

    func run(_ id: RunID) async throws -> Run? {
        try await Self.runs(database.client.query("SELECT * FROM agent_runs WHERE id = \(id.rawValue)", logger: database.logger)).first
    }

    func recent(limit: Int) async throws -> [Run] {
        try await Self.runs(database.client.query(
            "SELECT * FROM agent_runs ORDER BY created_at DESC, id COLLATE \"C\" DESC LIMIT \(limit)", logger: database.logger))
    }

    func recoverInterrupted() async throws -> [Run] {
        let logger = database.logger
        return try await database.transaction { connection in
            let runs = try await Self.runs(connection.query(
                "SELECT * FROM agent_runs WHERE state = ANY(\(RunRecovery.unfinishedStates)) ORDER BY created_at, id COLLATE \"C\" FOR UPDATE",
                logger: logger))
            let ids = Set(runs.map(\.id))
            let now = Date()
            var recovered: [Run] = []
            for found in runs {
                var run = RunRecovery.interrupted(found, at: now)
                let parentAlsoInterrupted = run.parent.map { ids.contains($0) } ?? false
                if !parentAlsoInterrupted {
                    run.delivery = .pending
                    var waiting: [String] = []
                    let prompts = try await connection.query(
                        "SELECT prompt FROM agent_run_prompts WHERE run_id = \(run.id.rawValue) ORDER BY id", logger: logger)
                    for try await prompt in prompts.decode(String.self) { waiting.append(prompt) }
                    try await connection.execute(
                        PostgresDeliveryStore.enqueue(run: run.id, report: RunRecovery.report(run, waiting: waiting), at: now), logger: logger)
                }
                try await connection.execute(Self.upsert(run), logger: logger)
                recovered.append(run)
            }
            return recovered
        }
    }

    func prune(retention: TimeInterval, keep: Int, now: Date) async throws -> Int {
        let cutoff = now.timeIntervalSince1970 - retention
        let logger = database.logger
        return try await database.transaction { connection in
            var ids: [String] = []
            let found = try await connection.query("""
                SELECT id FROM agent_runs WHERE state <> ALL(\(RunRecovery.unfinishedStates)) AND (
                    COALESCE(finished_at, created_at) < \(cutoff)
                    OR id NOT IN (SELECT id FROM agent_runs ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT \(keep)))
                """, logger: logger)
            for try await id in found.decode(String.self) { ids.append(id) }
            guard !ids.isEmpty else { return 0 }
            let chats = ids.map { Run.chat(for: RunID(rawValue: $0)).rawValue }
            try await connection.execute("DELETE FROM agent_deliveries WHERE run_id = ANY(\(ids)) AND state <> 'pending'", logger: logger)
            try await connection.execute("DELETE FROM agent_run_prompts WHERE run_id = ANY(\(ids))", logger: logger)
            try await connection.execute("DELETE FROM agent_sessions WHERE chat = ANY(\(chats))", logger: logger)
            try await connection.execute("DELETE FROM agent_conversations WHERE chat = ANY(\(chats))", logger: logger)
            try await connection.execute("DELETE FROM agent_history WHERE chat = ANY(\(chats))", logger: logger)
            let deleted = try await connection.query("""
                DELETE FROM agent_runs WHERE id = ANY(\(ids))
                  AND NOT EXISTS (SELECT 1 FROM agent_deliveries d WHERE d.run_id = agent_runs.id AND d.state = 'pending')
                RETURNING id
                """, logger: logger)
            var count = 0
            for try await _ in deleted { count += 1 }
            return count
        }
    }

    /// SQLite's `INSERT OR REPLACE`: every column set, whether the run is new or not.
    static func upsert(_ run: Run) -> PostgresQuery {
        """
        INSERT INTO agent_runs
          (id, parent, depth, routing_agent, routing_chat, routing_origin, routing_user, root_chat, task, agent, role,
           provider, model, state, result, error, input_tokens, output_tokens, cached_input_tokens, cost_usd,
           timeout, token_budget, delivery, delivery_error, created_at, started_at, finished_at, failure)
        VALUES (\(run.id.rawValue), \(run.parent?.rawValue), \(run.depth), \(run.routing.agent), \(run.routing.chat.rawValue),
          \(run.routing.origin), \(run.routing.user), \(run.rootChat.rawValue), \(run.task), \(run.agent), \(run.role),
          \(run.provider), \(run.model), \(run.state.rawValue), \(run.result), \(run.error), \(run.usage.inputTokens),
          \(run.usage.outputTokens), \(run.usage.cachedInputTokens), \(run.costUSD), \(run.timeout), \(run.tokenBudget),
          \(run.delivery.rawValue), \(run.deliveryError), \(run.createdAt.timeIntervalSince1970),
          \(run.startedAt?.timeIntervalSince1970), \(run.finishedAt?.timeIntervalSince1970), \(RunFailure.encoded(run.failure)))
        ON CONFLICT (id) DO UPDATE SET
          parent = EXCLUDED.parent, depth = EXCLUDED.depth, routing_agent = EXCLUDED.routing_agent,
          routing_chat = EXCLUDED.routing_chat, routing_origin = EXCLUDED.routing_origin, routing_user = EXCLUDED.routing_user,
          root_chat = EXCLUDED.root_chat, task = EXCLUDED.task, agent = EXCLUDED.agent, role = EXCLUDED.role,
          provider = EXCLUDED.provider, model = EXCLUDED.model, state = EXCLUDED.state, result = EXCLUDED.result,
          error = EXCLUDED.error, input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,
          cached_input_tokens = EXCLUDED.cached_input_tokens, cost_usd = EXCLUDED.cost_usd, timeout = EXCLUDED.timeout,
          token_budget = EXCLUDED.token_budget, delivery = EXCLUDED.delivery, delivery_error = EXCLUDED.delivery_error,
          created_at = EXCLUDED.created_at, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
          failure = EXCLUDED.failure
        """
    }

    /// Reads the whole sequence (so the connection is free for the next statement) and decodes each row.
    static func runs(_ rows: PostgresRowSequence) async throws -> [Run] {
        var runs: [Run] = []
        for try await row in rows { runs.append(try decode(row)) }
        return runs
    }

    static func decode(_ row: PostgresRow) throws -> Run {
        let row = row.makeRandomAccess()
        func column<T: PostgresDecodable>(_ name: String, _ type: T.Type = T.self) throws -> T { try row[name].decode(T.self) }
        return Run(
            id: RunID(rawValue: try column("id")),
            parent: try column("parent", String?.self).map(RunID.init(rawValue:)),
            depth: try column("depth"),
            routing: RunRouting(
                agent: try column("routing_agent"), chat: ChatKey(rawValue: try column("routing_chat")),
                origin: try column("routing_origin"), user: try column("routing_user")),
            rootChat: ChatKey(rawValue: try column("root_chat")),
            task: try column("task"), agent: try column("agent"), role: try column("role"), provider: try column("provider"),
            model: try column("model"),
            state: RunState(rawValue: try column("state")) ?? .failed,
            result: try column("result"), error: try column("error"),
            usage: TokenUsage(
                inputTokens: try column("input_tokens"), outputTokens: try column("output_tokens"),
                cachedInputTokens: try column("cached_input_tokens")),
            costUSD: try column("cost_usd"), timeout: try column("timeout"), tokenBudget: try column("token_budget"),
            delivery: DeliveryState(rawValue: try column("delivery")) ?? .none, deliveryError: try column("delivery_error"),
            createdAt: Date(timeIntervalSince1970: try column("created_at")),
            startedAt: try column("started_at", Double?.self).map(Date.init(timeIntervalSince1970:)),
            finishedAt: try column("finished_at", Double?.self).map(Date.init(timeIntervalSince1970:)),
            failure: RunFailure.decoded(try column("failure", String?.self)))
    }
}
