/// A snapshot of one conversation, cheap to take while a turn runs.
public struct ConversationStatus: Sendable, Equatable {
    public var agent: String
    public var chat: ChatKey
    public var provider: String
    public var model: String?
    /// The session the next turn resumes; nil means it starts fresh.
    public var sessionID: String?
    /// Totals over the conversation's life (kept across restarts).
    public var usage: TokenUsage
    public var costUSD: Double
    public var turns: Int
    /// Turns waiting behind the running one.
    public var queueLength: Int
    public var busy: Bool
}

/// A turn that was queued or running when the process died; reported once at start-up.
public struct InterruptedTurn: Sendable, Equatable {
    public var id: TurnID
    public var agent: String
    public var chat: ChatKey
    public var provider: String
    /// The user's text, so a transport can quote it or offer to resend it.
    public var prompt: String
    /// True if it had started running; false if it was still waiting in the queue.
    public var wasRunning: Bool
    public var submittedAt: Date
}

import Foundation
