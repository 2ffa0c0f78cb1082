/// A snapshot of one conversation, cheap to take while a turn runs.
public struct ConversationStatus: Sendable, Equatable {
    public var agent: String
    public var chat: ChatKey
    public var provider: String
    public var model: String?
    /// This chat's own choices (`!model`, `!provider`), nil where the agent's configuration applies.
    public var modelOverride: String?
    public var providerOverride: String?
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
