/// What Troupe itself tells the person while a turn runs (a tool's own progress text is `AgentEvent.status`).
/// Transports say it in the chat's language; `description` is the English, for logs.
public enum TurnNotice: Sendable, Equatable, CustomStringConvertible {
    /// The tool refused the stored session, so the message runs again in a new one.
    case sessionNotResumed
    /// Output kept coming, so the turn's deadline moved; `by` as shown (`5 min`).
    case timeLimitMoved(by: String)
    /// The turn is about to be stopped; `unlessOutput` when more output would move the deadline.
    case stoppingSoon(in: String, unlessOutput: Bool)

    public var description: String {
        switch self {
        case .sessionNotResumed: "The previous session could not be resumed, so this message starts a new one."
        case .timeLimitMoved(let by): "Still working, so the time limit moved \(by) later."
        case .stoppingSoon(let left, let unlessOutput): "This turn will be stopped in about \(left)\(unlessOutput ? " unless it keeps producing output" : "")."
        }
    }
}
