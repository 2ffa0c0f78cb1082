import Automation
import Foundation

/// A `!cron` job: what to ask which agent, when, and where the answer goes (the chat it was made in).
public struct ScheduledJob: Sendable, Equatable {
    public var id: String
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

    /// `j` and six characters of [a-z0-9]: short enough to type after `!cron delete`.
    /// Without look-alikes (l, o, 0, 1), since people type them.
    static func newID() -> String { "j" + RandomToken.make(length: 6, from: "abcdefghijkmnpqrstuvwxyz23456789") }
}
