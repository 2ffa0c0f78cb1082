import Foundation
import GRDB

/// Every turn's row, from submit until well after it ended. While it runs, the row is what a crash leaves
/// behind to resume; once the CLI has answered, it holds the answer until the transport confirms delivery
/// (the outbox); afterwards it stays `done` for `retention`, so the same origin (event) never runs twice.
///
/// States: `queued` → `running` → `answered` (answer stored, delivery not confirmed) → `done`.
/// A turn without an origin skips `answered`: no transport confirms it. `interrupted`: left by a dead
/// process and not yet taken up again by this one.
///
/// Each runtime has an `instance` id that marks its rows: a row of another instance is a dead process's.
protocol TurnStore: Sendable {
    /// Distinguishes this process's rows from a dead one's.
    var instance: String { get }
    /// Records a new turn. Returns false (and stores nothing) if a turn with the same origin exists already.
    func insertQueued(id: TurnID, agent: String, chat: ChatKey, provider: String, prompt: String,
                      origin: TurnOrigin?) async throws -> Bool
    /// The prompt as the turn runs it, once its attachments are fetched under their final names.
    func updatePrompt(id: TurnID, prompt: String) async throws
    func markRunning(id: TurnID, provider: String) async throws
    /// The CLI's answer, stored before anyone is shown it: a crash from here on delivers it, never reruns it.
    /// A turn without an origin has no transport to confirm delivery: it is done here.
    func markAnswered(id: TurnID, answer: String) async throws
    /// The turn ended. An answer waiting for its delivery stays unless `delivered` says it arrived.
    func markDone(id: TurnID, delivered: Bool) async throws
    /// Takes an interrupted turn over for this process, queued again. False if it was not interrupted (any
    /// more): another process, or another call, took it.
    func claim(id: TurnID) async throws -> Bool
    /// Other instances' unfinished turns, each once, with what to do: deliver a stored answer, resume, or
    /// give up (past `InterruptedTurn.maxInterruptions`). Each returned turn now belongs to this instance.
    /// Finished rows past `retention` are pruned.
    func recoverInterrupted(retention: TimeInterval) async throws -> [InterruptedTurn]
    /// Finished rows past `retention`, pruned while the process runs (start-up prunes too).
    func prune(retention: TimeInterval) async throws
    func state(of id: TurnID) async throws -> String?
    /// Who asked for the turn, where the transport said (nil: it did not, or the turn is gone).
    func requester(of id: TurnID) async throws -> String?
}

extension TurnStore {
    /// How long finished rows are kept as the record that their origin was handled.
    static var retention: TimeInterval { 7 * 24 * 3600 }

    func insertQueued(id: TurnID, agent: String, chat: ChatKey, provider: String, prompt: String) async throws -> Bool {
        try await insertQueued(id: id, agent: agent, chat: chat, provider: provider, prompt: prompt, origin: nil)
    }

    func markDone(id: TurnID) async throws { try await markDone(id: id, delivered: false) }

    func recoverInterrupted() async throws -> [InterruptedTurn] { try await recoverInterrupted(retention: Self.retention) }

    func prune() async throws { try await prune(retention: Self.retention) }
}

struct SQLiteTurnStore: TurnStore {
    let writer: any DatabaseWriter
    let instance: String

    func insertQueued(id: TurnID, agent: String, chat: ChatKey, provider: String, prompt: String,
                      origin: TurnOrigin?) async throws -> Bool {
        try await writer.write { [instance] db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO agent_turns (id, agent, chat, provider, prompt, state, instance, submitted_at, origin, requester)
                    VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)
                    """,
                arguments: [id.rawValue, agent, chat.rawValue, provider, prompt, instance, Date().timeIntervalSince1970,
                            origin?.key, origin?.requester])
            return db.changesCount > 0
        }
    }

    func updatePrompt(id: TurnID, prompt: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE agent_turns SET prompt = ? WHERE id = ?", arguments: [prompt, id.rawValue])
        }
    }

    func markRunning(id: TurnID, provider: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE agent_turns SET state = 'running', provider = ?, started_at = ? WHERE id = ?",
                arguments: [provider, Date().timeIntervalSince1970, id.rawValue])
        }
    }

    func markAnswered(id: TurnID, answer: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE agent_turns SET state = CASE WHEN origin IS NULL THEN 'done' ELSE 'answered' END,
                        answer = CASE WHEN origin IS NULL THEN NULL ELSE ? END, finished_at = ?
                    WHERE id = ?
                    """,
                arguments: [answer, Date().timeIntervalSince1970, id.rawValue])
        }
    }

    func markDone(id: TurnID, delivered: Bool) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE agent_turns SET state = 'done', answer = NULL, finished_at = COALESCE(finished_at, ?) WHERE id = ?"
                    + (delivered ? "" : " AND state != 'answered'"),
                arguments: [Date().timeIntervalSince1970, id.rawValue])
        }
    }

    func claim(id: TurnID) async throws -> Bool {
        try await writer.write { [instance] db in
            try db.execute(sql: "UPDATE agent_turns SET state = 'queued', instance = ? WHERE id = ? AND state = 'interrupted'",
                           arguments: [instance, id.rawValue])
            return db.changesCount > 0
        }
    }

    /// One write transaction: SQLite's single writer keeps every other recovery out until it commits.
    func recoverInterrupted(retention: TimeInterval) async throws -> [InterruptedTurn] {
        try await writer.write { [instance] db in
            try db.execute(sql: "DELETE FROM agent_turns WHERE state = 'done' AND submitted_at < ?",
                           arguments: [Date().timeIntervalSince1970 - retention])
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM agent_turns WHERE state IN ('queued', 'running', 'interrupted', 'answered') AND instance != ? ORDER BY submitted_at",
                arguments: [instance])
            var turns: [InterruptedTurn] = []
            for row in rows {
                let id: String = row["id"]
                let state: String = row["state"]
                var interruptions: Int = row["interruptions"]
                let recovery: InterruptedTurn.Recovery
                if state == "answered", let answer: String = row["answer"] {
                    recovery = .deliver(answer: answer)
                    try db.execute(sql: "UPDATE agent_turns SET instance = ? WHERE id = ?", arguments: [instance, id])
                } else {
                    // Only a crash while the turn ran counts against it (the turn may be what crashes Troupe);
                    // one that waited in the queue, or that no process had taken up again yet, is not to blame.
                    if state == "running" { interruptions += 1 }
                    recovery = interruptions > InterruptedTurn.maxInterruptions ? .giveUp : .resume
                    try db.execute(
                        sql: "UPDATE agent_turns SET state = ?, interruptions = ?, instance = ? WHERE id = ?",
                        arguments: [recovery == .giveUp ? "done" : "interrupted", interruptions, instance, id])
                }
                let origin = (row["origin"] as String?).map { TurnOrigin(key: $0, requester: row["requester"]) }
                turns.append(InterruptedTurn(
                    id: TurnID(rawValue: id), agent: row["agent"], chat: ChatKey(rawValue: row["chat"]),
                    provider: row["provider"], prompt: row["prompt"], wasRunning: state == "running" || (row["started_at"] as Double?) != nil,
                    submittedAt: Date(timeIntervalSince1970: row["submitted_at"]), origin: origin,
                    interruptions: interruptions, recovery: recovery))
            }
            return turns
        }
    }

    func prune(retention: TimeInterval) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM agent_turns WHERE state = 'done' AND submitted_at < ?",
                           arguments: [Date().timeIntervalSince1970 - retention])
        }
    }

    func state(of id: TurnID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM agent_turns WHERE id = ?", arguments: [id.rawValue])
        }
    }

    func requester(of id: TurnID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT requester FROM agent_turns WHERE id = ?", arguments: [id.rawValue])
        }
    }
}
