import Foundation

/// Decides when a streamed reply is edited: at most one edit (or new message) per interval and at most `maxEdits`
/// edits of one message, so a fast stream does not flood the room (or hit rate limits). Once a message's edits are
/// spent the stream goes on in a new message, with edits of its own. The final text is always sent.
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

    /// Whether the interval since the last edit or message has passed.
    public func isDue(at now: ContinuousClock.Instant = .now) -> Bool {
        guard let lastEdit else { return true }
        return now - lastEdit >= interval
    }

    /// Whether the current message has had all its edits.
    public var isSpent: Bool { editsSent >= maxEdits }

    /// An edit went out now.
    public mutating func noteEdit(at now: ContinuousClock.Instant = .now) {
        lastEdit = now
        editsSent += 1
    }

    /// A new message went out now: it has all its edits ahead of it.
    public mutating func newMessage(at now: ContinuousClock.Instant = .now) {
        lastEdit = now
        editsSent = 0
    }

    /// Time to wait before the next edit may go out.
    public func delayUntilNextEdit(at now: ContinuousClock.Instant = .now) -> Duration {
        guard let lastEdit else { return .zero }
        let elapsed = now - lastEdit
        return elapsed >= interval ? .zero : interval - elapsed
    }
}
