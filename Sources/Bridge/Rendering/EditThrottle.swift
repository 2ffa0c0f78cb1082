import Foundation

/// Decides when a streamed reply is edited: at most one edit per interval and at most `maxEdits` in
/// all, so a fast stream does not flood the room (or hit rate limits). The final text is always sent.
public struct EditThrottle: Sendable {
    public var interval: Duration
    public var maxEdits: Int
    private(set) var editsSent = 0
    private var lastEdit: ContinuousClock.Instant?

    public init(interval: Duration = .milliseconds(1500), maxEdits: Int = 40) {
        self.interval = interval
        self.maxEdits = maxEdits
    }

    /// Whether an intermediate edit may go out now; records it if so.
    public mutating func shouldEdit(at now: ContinuousClock.Instant = .now) -> Bool {
        guard editsSent < maxEdits else { return false }
        if let lastEdit, now - lastEdit < interval { return false }
        lastEdit = now
        editsSent += 1
        return true
    }

    /// Time to wait before the next edit may go out.
    public func delayUntilNextEdit(at now: ContinuousClock.Instant = .now) -> Duration {
        guard let lastEdit else { return .zero }
        let elapsed = now - lastEdit
        return elapsed >= interval ? .zero : interval - elapsed
    }
}
