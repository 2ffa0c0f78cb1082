import Foundation

/// Settings for how answers stream into a chat.
public struct StreamingSettings: Sendable {
    public var editInterval: Duration
    public var maxEdits: Int
    /// Adds "model · tokens · cost · time" under each answer.
    public var footer: Bool
    public var menuLifetime: TimeInterval
    /// Every message handed to an agent is marked seen at once (a read receipt, 👀 on Telegram), not only slow ones.
    public var seen: Bool

    public init(editInterval: Duration = .milliseconds(1500), maxEdits: Int = 40, footer: Bool = false, menuLifetime: TimeInterval = 3600,
                seen: Bool = false) {
        self.editInterval = editInterval
        self.maxEdits = maxEdits
        self.footer = footer
        self.menuLifetime = menuLifetime
        self.seen = seen
    }
}
