import Automation
import Foundation
import GRDB

/// Scheduled jobs (`bridge_job`), stored so they survive restarts.
public protocol JobStore: Sendable {
    func add(_ job: ScheduledJob) async throws
    func job(_ id: String) async throws -> ScheduledJob?
    /// The jobs of a kind made in a chat (or everywhere), oldest first; rows that no longer read are skipped.
    func jobs(in chat: ChatAddress?, kind: ScheduledJob.Kind) async throws -> [ScheduledJob]
    func setHeartbeat(_ heartbeat: ScheduledJob) async throws
    /// Jobs due at `now` that are not paused, soonest first.
    func due(at now: Date) async throws -> [ScheduledJob]
    /// Moves a job's next run on (recording `ranAt` as its last run), but only while its next run is still `due`,
    /// as `due(at:)` read it: false when something else moved it first (another scheduler took the run, or the
    /// job was paused, resumed or deleted meanwhile), and then the caller does not run it.
    func setNextDue(_ id: String, _ next: Date?, ranAt: Date?, ifDueAt due: Date) async throws -> Bool
    /// False when there is no such job.
    @discardableResult
    func setPaused(_ id: String, _ paused: Bool, nextDue: Date?) async throws -> Bool
    /// False when there is no such job.
    @discardableResult
    func delete(_ id: String) async throws -> Bool
}

extension JobStore {
    public func jobs(in chat: ChatAddress? = nil) async throws -> [ScheduledJob] { try await jobs(in: chat, kind: .cron) }
}

public struct SQLiteJobStore: JobStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func add(_ job: ScheduledJob) async throws {
        try await writer.write { db in try Self.insert(job, db) }
    }

    public func job(_ id: String) async throws -> ScheduledJob? {
        // Rows are not Sendable: they become jobs inside the read.
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM bridge_job WHERE id = ?", arguments: [id]).flatMap(Self.job) }
    }

    public func jobs(in chat: ChatAddress?, kind: ScheduledJob.Kind) async throws -> [ScheduledJob] {
        try await writer.read { db in
            let rows = try chat.map {
                try Row.fetchAll(db, sql: "SELECT * FROM bridge_job WHERE chat = ? AND kind = ? ORDER BY created_at",
                                 arguments: [$0.stored, kind.rawValue])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM bridge_job WHERE kind = ? ORDER BY created_at", arguments: [kind.rawValue])
            return rows.compactMap(Self.job)
        }
    }

    public func setHeartbeat(_ heartbeat: ScheduledJob) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_job WHERE chat = ? AND kind = ?",
                           arguments: [heartbeat.chat.stored, ScheduledJob.Kind.heartbeat.rawValue])
            try Self.insert(heartbeat, db)
        }
    }

    public func due(at now: Date) async throws -> [ScheduledJob] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bridge_job WHERE paused = 0 AND next_due IS NOT NULL AND next_due <= ? ORDER BY next_due",
                             arguments: [now.timeIntervalSince1970]).compactMap(Self.job)
        }
    }

    public func setNextDue(_ id: String, _ next: Date?, ranAt: Date?, ifDueAt due: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE bridge_job SET next_due = ?, last_run_at = coalesce(?, last_run_at) WHERE id = ? AND next_due = ? AND paused = 0",
                           arguments: [next?.timeIntervalSince1970, ranAt?.timeIntervalSince1970, id, due.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func setPaused(_ id: String, _ paused: Bool, nextDue: Date?) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE bridge_job SET paused = ?, next_due = ? WHERE id = ?",
                           arguments: [paused, nextDue?.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func delete(_ id: String) async throws -> Bool {
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

    private static func job(_ row: Row) -> ScheduledJob? {
        JobRow(id: row["id"], kind: row["kind"], agent: row["agent"], chat: row["chat"], schedule: row["schedule"], zone: row["zone"],
               prompt: row["prompt"], createdBy: row["created_by"], createdAt: row["created_at"], nextDue: row["next_due"],
               paused: row["paused"], lastRunAt: row["last_run_at"], quiet: row["quiet"]).job
    }
}

/// A `bridge_job` row as both drivers read it.
struct JobRow {
    /// The columns in this order, for drivers that read by position.
    static let columns = "id, kind, agent, chat, schedule, zone, prompt, created_by, created_at, next_due, paused, last_run_at, quiet"

    var id, kind, agent, chat, schedule, zone, prompt, createdBy: String
    var createdAt: Double
    var nextDue: Double?
    var paused: Bool
    var lastRunAt: Double?
    var quiet: String?

    /// The job; nil (and left alone) when its chat or schedule can no longer be read.
    var job: ScheduledJob? {
        guard let address = ChatAddress(stored: chat), let timeZone = TimeZone(identifier: zone),
              let parsed = try? Schedule.parse(schedule, defaultZone: timeZone),
              let kind = ScheduledJob.Kind(rawValue: kind) else { return nil }
        return ScheduledJob(id: id, kind: kind, agent: agent, chat: address, schedule: parsed, scheduleText: schedule,
                            prompt: prompt, createdBy: createdBy, createdAt: Date(timeIntervalSince1970: createdAt),
                            nextDue: nextDue.map(Date.init(timeIntervalSince1970:)), paused: paused,
                            lastRunAt: lastRunAt.map(Date.init(timeIntervalSince1970:)),
                            quiet: quiet.flatMap { try? QuietHours(parsing: $0) })
    }
}
