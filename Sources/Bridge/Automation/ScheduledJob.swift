import Automation
import Foundation

/// A `!cron` job or a `!heartbeat`: what to ask which agent, when, and where the answer goes (the chat it was made in).
public struct ScheduledJob: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Asks its prompt on its schedule and posts every answer.
        case cron
        /// One per chat: asks whether anything needs saying, posts only answers other than the nothing-to-report
        /// marker, and keeps still in its quiet hours.
        case heartbeat
    }

    public var id: String
    public var kind: Kind = .cron
    public var agent: String
    public var chat: ChatAddress
    public var schedule: Schedule
    /// The schedule as written (without the time zone), to read it back after a restart.
    public var scheduleText: String
    public var prompt: String
    public var createdBy: String
    public var createdAt: Date
    /// Nil: no more runs (a one-off job that ran).
    public var nextDue: Date?
    public var paused: Bool
    public var lastRunAt: Date?
    /// A heartbeat's hours without runs, in its schedule's zone.
    public var quiet: QuietHours? = nil

    /// `j` and six characters of [a-z0-9]: short enough to type after `!cron delete`.
    /// Without look-alikes (l, o, 0, 1), since people type them.
    static func newID(_ kind: Kind = .cron) -> String {
        (kind == .cron ? "j" : "h") + RandomToken.make(length: 6, from: "abcdefghijkmnpqrstuvwxyz23456789")
    }

    /// Whether a run due at `date` is skipped (a heartbeat in its quiet hours).
    func keepsStill(at date: Date) -> Bool { quiet?.contains(date, in: schedule.zone) ?? false }
}
