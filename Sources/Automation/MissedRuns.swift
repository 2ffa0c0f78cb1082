import Foundation

/// What happens to runs that came due while Troupe was down (or busy): at most one catch-up run, and only when
/// the latest missed time is recent enough; never a burst, never a second run over one still going.
public struct MissedRuns: Sendable {
    /// How late a missed run may still be made up for.
    public var grace: TimeInterval

    public init(grace: TimeInterval) { self.grace = grace }

    public struct Plan: Sendable, Equatable {
        /// Run once now (a due or recently missed run).
        public var runNow: Bool
        /// The scheduled runs that will not happen (missed beyond the grace period, or due during a run).
        public var skipped: Int
        /// When the job is due next; nil when it has no more runs.
        public var nextDue: Date?
    }

    /// The plan for a job that was due at `due` (its stored next run), looked at `now`. `running`: its previous run is
    /// still going, so this one is skipped rather than started beside it.
    public func plan(_ schedule: Schedule, anchor: Date, due: Date, now: Date, running: Bool = false) -> Plan {
        guard due <= now else { return Plan(runNow: false, skipped: 0, nextDue: due) }
        // The latest time the job should have run, and how many were missed before it.
        var latest = due
        var missed = 0
        var steps = 0
        while let following = schedule.next(after: latest, anchor: anchor), following <= now, steps < Self.maxSteps {
            latest = following
            missed += 1
            steps += 1
        }
        let next = schedule.next(after: now, anchor: anchor)
        if running { return Plan(runNow: false, skipped: missed + 1, nextDue: next) }
        let recent = now.timeIntervalSince(latest) <= grace
        return Plan(runNow: recent, skipped: recent ? missed : missed + 1, nextDue: next)
    }

    /// Enough for a once-a-minute job missed for two months; past that the count is a lower bound.
    static let maxSteps = 100_000
}
