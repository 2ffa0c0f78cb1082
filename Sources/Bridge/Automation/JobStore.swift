import Automation
import Foundation
import GRDB

/// Scheduled jobs in SQLite, so they survive restarts.
public struct JobStore: Sendable {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func add(_ job: ScheduledJob) async throws {
        try await writer.write { db in try Self.insert(job, db) }
    }

    public func job(_ id: String) async throws -> ScheduledJob? {
        // Rows are not Sendable: they become jobs inside the read.
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM bridge_job WHERE id = ?", arguments: [id]).flatMap(Self.job) }
    }

    /// The jobs of a kind made in a chat (or everywhere), oldest first.
    public func jobs(in chat: ChatAddress? = nil, kind: ScheduledJob.Kind = .cron) async throws -> [ScheduledJob] {
        try await writer.read { db in
            let rows = try chat.map {
                try Row.fetchAll(db, sql: "SELECT * FROM bridge_job WHERE chat = ? AND kind = ? ORDER BY created_at",
                                 arguments: [$0.stored, kind.rawValue])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM bridge_job WHERE kind = ? ORDER BY created_at", arguments: [kind.rawValue])
            return rows.compactMap(Self.job)
        }
    }

    /// Makes `heartbeat` the chat's one heartbeat, replacing the one it had.
    func setHeartbeat(_ heartbeat: ScheduledJob) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_job WHERE chat = ? AND kind = ?",
                           arguments: [heartbeat.chat.stored, ScheduledJob.Kind.heartbeat.rawValue])
            try Self.insert(heartbeat, db)
        }
    }

    /// Jobs due at `now` that are not paused.
    func due(at now: Date) async throws -> [ScheduledJob] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bridge_job WHERE paused = 0 AND next_due IS NOT NULL AND next_due <= ? ORDER BY next_due",
                             arguments: [now.timeIntervalSince1970]).compactMap(Self.job)
        }
    }

    func setNextDue(_ id: String, _ next: Date?, ranAt: Date?) async throws {
        try await writer.write { db in
            if let ranAt {
                try db.execute(sql: "UPDATE bridge_job SET next_due = ?, last_run_at = ? WHERE id = ?",
                               arguments: [next?.timeIntervalSince1970, ranAt.timeIntervalSince1970, id])
            } else {
                try db.execute(sql: "UPDATE bridge_job SET next_due = ? WHERE id = ?", arguments: [next?.timeIntervalSince1970, id])
            }
        }
    }

    /// False when there is no such job.
    @discardableResult
    func setPaused(_ id: String, _ paused: Bool, nextDue: Date?) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE bridge_job SET paused = ?, next_due = ? WHERE id = ?",
                           arguments: [paused, nextDue?.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    @discardableResult
    func delete(_ id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_job WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    private static func insert(_ job: ScheduledJob, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO bridge_job (id, kind, agent, chat, schedule, zone, prompt, created_by, created_at, next_due, paused, last_run_at, quiet)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [job.id, job.kind.rawValue, job.agent, job.chat.stored, job.scheduleText, job.schedule.zone.identifier,
                             job.prompt, job.createdBy, job.createdAt.timeIntervalSince1970, job.nextDue?.timeIntervalSince1970,
                             job.paused, job.lastRunAt?.timeIntervalSince1970, job.quiet?.description])
    }

    /// A stored row as a job; nil (and left alone) when its chat or schedule can no longer be read.
    private static func job(_ row: Row) -> ScheduledJob? {
        guard let chat = ChatAddress(stored: row["chat"]), let zone = TimeZone(identifier: row["zone"]),
              let schedule = try? Schedule.parse(row["schedule"] as String, defaultZone: zone),
              let kind = ScheduledJob.Kind(rawValue: row["kind"]) else { return nil }
        let quiet = (row["quiet"] as String?).flatMap { try? QuietHours(parsing: $0) }
        let nextDue: Double? = row["next_due"]
        let lastRun: Double? = row["last_run_at"]
        return ScheduledJob(id: row["id"], kind: kind, agent: row["agent"], chat: chat, schedule: schedule, scheduleText: row["schedule"],
                            prompt: row["prompt"], createdBy: row["created_by"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                            nextDue: nextDue.map(Date.init(timeIntervalSince1970:)), paused: row["paused"],
                            lastRunAt: lastRun.map(Date.init(timeIntervalSince1970:)), quiet: quiet)
    }
}
