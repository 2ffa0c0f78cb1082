import Foundation
import MatrixAppService

/// When a room's megolm session must be replaced, from its `m.room.encryption` content
/// (`rotation_period_msgs`, `rotation_period_ms`).
///
/// Values are clamped: a room asking for a session per message is honoured, but not one that would rotate
/// more often than hourly or keep a session past the spec's week, nor past 10,000 messages.
public struct RotationPolicy: Sendable, Equatable {
    public static let defaultMessages = 100
    public static let defaultSeconds: TimeInterval = 7 * 24 * 3600
    static let messageRange = 1...10_000
    static let secondsRange: ClosedRange<TimeInterval> = 3600...(7 * 24 * 3600)

    public var messages: Int
    public var seconds: TimeInterval

    public init(messages: Int = Self.defaultMessages, seconds: TimeInterval = Self.defaultSeconds) {
        self.messages = messages
        self.seconds = seconds
    }

    /// The policy a room's encryption state asks for; nil (state unknown) gives the defaults.
    public init(encryptionContent content: JSONValue?) {
        var policy = RotationPolicy()
        if let messages = content?["rotation_period_msgs"]?.intValue {
            policy.messages = Int(messages).clamped(to: Self.messageRange)
        }
        if let milliseconds = content?["rotation_period_ms"]?.intValue {
            policy.seconds = (TimeInterval(milliseconds) / 1000).clamped(to: Self.secondsRange)
        }
        self = policy
    }

    func isDue(messageCount: Int, createdAt: Date, now: Date = Date()) -> Bool {
        messageCount >= messages || now.timeIntervalSince(createdAt) >= seconds
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
