import Foundation
import PostgresNIO
import TroupePostgres

/// `JobStore` on PostgreSQL. `setNextDue` is one conditional UPDATE, so of two schedulers that read the same due
/// job only one moves it on (and runs it).
public struct PostgresJobStore: JobStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func add(_ job: ScheduledJob) async throws {
        try await database.execute(Self.insert(job))
    }

    public func job(_ id: String) async throws -> ScheduledJob? {
        try await jobs("SELECT \(unescaped: JobRow.columns) FROM bridge_job WHERE id = \(id)").first
    }

    public func jobs(in chat: ChatAddress?, kind: ScheduledJob.Kind) async throws -> [ScheduledJob] {
        if let chat {
            try await jobs("""
                SELECT \(unescaped: JobRow.columns) FROM bridge_job WHERE chat = \(chat.stored) AND kind = \(kind.rawValue) ORDER BY created_at
                """)
        } else {
            try await jobs("SELECT \(unescaped: JobRow.columns) FROM bridge_job WHERE kind = \(kind.rawValue) ORDER BY created_at")
        }
    }

    public func setHeartbeat(_ heartbeat: ScheduledJob) async throws {
        let logger = database.logger
        let lock = AdvisoryLockKey("bridge.heartbeat:" + heartbeat.chat.stored).value
        try await database.transaction { connection in
            // Two processes setting one chat's heartbeat at once would each delete nothing and insert one.
            try await connection.execute("SELECT pg_advisory_xact_lock(\(lock))", logger: logger)
            try await connection.execute("""
                DELETE FROM bridge_job WHERE chat = \(heartbeat.chat.stored) AND kind = \(ScheduledJob.Kind.heartbeat.rawValue)
                """, logger: logger)
            try await connection.execute(Self.insert(heartbeat), logger: logger)
        }
    }

    public func due(at now: Date) async throws -> [ScheduledJob] {
        try await jobs("""
            SELECT \(unescaped: JobRow.columns) FROM bridge_job
            WHERE NOT paused AND next_due IS NOT NULL AND next_due <= \(now.timeIntervalSince1970) ORDER BY next_due
            """)
    }

    public func setNextDue(_ id: String, _ next: Date?, ranAt: Date?, ifDueAt due: Date) async throws -> Bool {
        try await database.changed("""
            UPDATE bridge_job SET next_due = \(next?.timeIntervalSince1970), last_run_at = coalesce(\(ranAt?.timeIntervalSince1970), last_run_at)
            WHERE id = \(id) AND next_due = \(due.timeIntervalSince1970) AND NOT paused RETURNING id
            """)
    }

    @discardableResult
    public func setPaused(_ id: String, _ paused: Bool, nextDue: Date?) async throws -> Bool {
        try await database.changed("UPDATE bridge_job SET paused = \(paused), next_due = \(nextDue?.timeIntervalSince1970) WHERE id = \(id) RETURNING id")
    }

    @discardableResult
    public func delete(_ id: String) async throws -> Bool {
        try await database.changed("DELETE FROM bridge_job WHERE id = \(id) RETURNING id")
    }

    private func jobs(_ query: PostgresQuery) async throws -> [ScheduledJob] {
        try await database.rows(query).compactMap { row in
            let (id, kind, agent, chat, schedule, zone, prompt, createdBy, createdAt, nextDue, paused, lastRunAt, quiet) = try row.decode(
                (String, String, String, String, String, String, String, String, Double, Double?, Bool, Double?, String?).self)
            return JobRow(id: id, kind: kind, agent: agent, chat: chat, schedule: schedule, zone: zone, prompt: prompt, createdBy: createdBy,
                          createdAt: createdAt, nextDue: nextDue, paused: paused, lastRunAt: lastRunAt, quiet: quiet).job
        }
    }

    private static func insert(_ job: ScheduledJob) -> PostgresQuery {
        """
        INSERT INTO bridge_job (id, kind, agent, chat, schedule, zone, prompt, created_by, created_at, next_due, paused, last_run_at, quiet)
        VALUES (\(job.id), \(job.kind.rawValue), \(job.agent), \(job.chat.stored), \(job.scheduleText), \(job.schedule.zone.identifier),
                \(job.prompt), \(job.createdBy), \(job.createdAt.timeIntervalSince1970), \(job.nextDue?.timeIntervalSince1970),
                \(job.paused), \(job.lastRunAt?.timeIntervalSince1970), \(job.quiet?.description))
        """
    }
}
