import Foundation
import PostgresNIO
import TroupePostgres

/// `TurnStore` on PostgreSQL. Every read-then-write of the SQLite driver is one statement here, and
/// `recoverInterrupted` locks what it takes, so two processes recovering at once never both take a turn.
struct PostgresTurnStore: TurnStore {
    let database: PostgresPool
    let instance: String

    func insertQueued(id: TurnID, agent: String, chat: ChatKey, provider: String, prompt: String,
                      origin: TurnOrigin?) async throws -> Bool {
        let now = Date().timeIntervalSince1970
        // No conflict target: a repeated id and a repeated (agent, chat, origin) both store nothing.
        let rows = try await database.client.query("""
            INSERT INTO agent_turns (id, agent, chat, provider, prompt, state, instance, submitted_at, origin, requester)
            VALUES (\(id.rawValue), \(agent), \(chat.rawValue), \(provider), \(prompt), 'queued', \(instance), \(now),
                    \(origin?.key), \(origin?.requester))
            ON CONFLICT DO NOTHING RETURNING id
            """, logger: database.logger)
        return try await rows.returnedAny()
    }

    func updatePrompt(id: TurnID, prompt: String) async throws {
        try await database.execute("UPDATE agent_turns SET prompt = \(prompt) WHERE id = \(id.rawValue)")
    }

    func markRunning(id: TurnID, provider: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute(
            "UPDATE agent_turns SET state = 'running', provider = \(provider), started_at = \(now) WHERE id = \(id.rawValue)")
    }

    func markAnswered(id: TurnID, answer: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            UPDATE agent_turns SET state = CASE WHEN origin IS NULL THEN 'done' ELSE 'answered' END,
                answer = CASE WHEN origin IS NULL THEN NULL ELSE \(answer) END, finished_at = \(now)
            WHERE id = \(id.rawValue)
            """)
    }

    func markDone(id: TurnID, delivered: Bool) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            UPDATE agent_turns SET state = 'done', answer = NULL, finished_at = COALESCE(finished_at, \(now))
            WHERE id = \(id.rawValue) AND (\(delivered) OR state <> 'answered')
            """)
    }

    func claim(id: TurnID) async throws -> Bool {
        let rows = try await database.client.query(
            "UPDATE agent_turns SET state = 'queued', instance = \(instance) WHERE id = \(id.rawValue) AND state = 'interrupted' RETURNING id",
            logger: database.logger)
        return try await rows.returnedAny()
    }

    /// First the other instances' unfinished turns as this statement's snapshot shows them, then those rows
    /// locked (in id order, so two recoveries cannot deadlock) as they are now. A row whose owner changed in
    /// between was taken by a recovery that committed meanwhile and is left to it: a plain `FOR UPDATE` would
    /// hand it over again, because the new owner is "another instance" too.
    func recoverInterrupted(retention: TimeInterval) async throws -> [InterruptedTurn] {
        let cutoff = Date().timeIntervalSince1970 - retention
        let logger = database.logger
        return try await database.transaction { connection in
            try await connection.execute("DELETE FROM agent_turns WHERE state = 'done' AND submitted_at < \(cutoff)", logger: logger)
            var seen: [String: String] = [:]
            let candidates = try await connection.query(
                "SELECT id, instance FROM agent_turns WHERE state IN ('queued', 'running', 'interrupted', 'answered') AND instance <> \(instance)",
                logger: logger)
            for try await (id, owner) in candidates.decode((String, String).self) { seen[id] = owner }
            guard !seen.isEmpty else { return [] }

            var locked: [StoredTurn] = []
            let rows = try await connection.query("""
                SELECT id, agent, chat, provider, prompt, state, instance, submitted_at, started_at, origin, requester, answer,
                       interruptions
                FROM agent_turns WHERE id = ANY(\(Array(seen.keys))) ORDER BY id FOR UPDATE
                """, logger: logger)
            for try await row in rows {
                let turn = try StoredTurn(row)
                if seen[turn.id] == turn.instance && StoredTurn.unfinished.contains(turn.state) { locked.append(turn) }
            }

            var turns: [InterruptedTurn] = []
            for turn in locked.sorted(by: { ($0.submittedAt, $0.id) < ($1.submittedAt, $1.id) }) {
                var interruptions = turn.interruptions
                let recovery: InterruptedTurn.Recovery
                if turn.state == "answered", let answer = turn.answer {
                    recovery = .deliver(answer: answer)
                    try await connection.execute(
                        "UPDATE agent_turns SET instance = \(instance) WHERE id = \(turn.id)", logger: logger)
                } else {
                    // As in SQLiteTurnStore: only a crash while the turn ran counts against it.
                    if turn.state == "running" { interruptions += 1 }
                    recovery = interruptions > InterruptedTurn.maxInterruptions ? .giveUp : .resume
                    let state = recovery == .giveUp ? "done" : "interrupted"
                    try await connection.execute("""
                        UPDATE agent_turns SET state = \(state), interruptions = \(interruptions), instance = \(instance)
                        WHERE id = \(turn.id)
                        """, logger: logger)
                }
                turns.append(InterruptedTurn(
                    id: TurnID(rawValue: turn.id), agent: turn.agent, chat: ChatKey(rawValue: turn.chat),
                    provider: turn.provider, prompt: turn.prompt, wasRunning: turn.state == "running" || turn.startedAt != nil,
                    submittedAt: Date(timeIntervalSince1970: turn.submittedAt),
                    origin: turn.origin.map { TurnOrigin(key: $0, requester: turn.requester) },
                    interruptions: interruptions, recovery: recovery))
            }
            return turns
        }
    }

    func prune(retention: TimeInterval) async throws {
        let cutoff = Date().timeIntervalSince1970 - retention
        try await database.execute("DELETE FROM agent_turns WHERE state = 'done' AND submitted_at < \(cutoff)")
    }

    func state(of id: TurnID) async throws -> String? {
        try await database.client.query("SELECT state FROM agent_turns WHERE id = \(id.rawValue)", logger: database.logger)
            .first(String.self)
    }

    func requester(of id: TurnID) async throws -> String? {
        try await database.client.query("SELECT requester FROM agent_turns WHERE id = \(id.rawValue)", logger: database.logger)
            .first(String?.self) ?? nil
    }
}

/// An `agent_turns` row as `recoverInterrupted` reads it.
private struct StoredTurn {
    static let unfinished: Set<String> = ["queued", "running", "interrupted", "answered"]

    var id, agent, chat, provider, prompt, state, instance: String
    var submittedAt: Double
    var startedAt: Double?
    var origin, requester, answer: String?
    var interruptions: Int

    init(_ row: PostgresRow) throws {
        let (id, agent, chat, provider, prompt, state, instance, submittedAt, startedAt, origin, requester, answer, interruptions) =
            try row.decode((String, String, String, String, String, String, String, Double, Double?, String?, String?, String?, Int).self)
        (self.id, self.agent, self.chat, self.provider, self.prompt, self.state, self.instance) =
            (id, agent, chat, provider, prompt, state, instance)
        (self.submittedAt, self.startedAt, self.origin, self.requester, self.answer, self.interruptions) =
            (submittedAt, startedAt, origin, requester, answer, interruptions)
    }
}
