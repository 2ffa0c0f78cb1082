import Foundation

/// Settings for how answers stream into a chat.
public struct StreamingSettings: Sendable {
    public var editInterval: Duration
    public var maxEdits: Int
    /// Adds "model · tokens · cost · time" under each answer.
    public var footer: Bool
    public var menuLifetime: TimeInterval

    public init(editInterval: Duration = .milliseconds(1500), maxEdits: Int = 40, footer: Bool = false, menuLifetime: TimeInterval = 3600) {
        self.editInterval = editInterval
        self.maxEdits = maxEdits
        self.footer = footer
        self.menuLifetime = menuLifetime
    }
}
