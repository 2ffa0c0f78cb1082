/// What a transport sees of a turn. Every turn's stream ends with exactly one
/// `finished` or `failed`, then finishes.
public enum AgentEvent: Sendable, Equatable {
    /// The turn waits behind `ahead` others in its conversation (running one included).
    case queued(ahead: Int)
    /// The tool started; `sessionID` is what a later turn resumes (nil if the tool has none).
    case started(sessionID: String?)
    /// Assistant text, in order; concatenated they form the answer.
    case text(String)
    /// The agent called a tool (shell, edit, an MCP tool, …).
    case toolUse(String)
    /// The model is reasoning; transports typically show a typing indicator.
    case thinking
    /// Progress worth telling the user: timeout warnings, retries, tool notices.
    case status(String)
    /// Troupe's own word about the turn: a new session, a moved or near time limit.
    case notice(TurnNotice)
    case finished(TurnResult)
    case failed(AgentError)

    public var isTerminal: Bool {
        switch self {
        case .finished, .failed: true
        default: false
        }
    }
}

/// The outcome of a successful turn.
public struct TurnResult: Sendable, Equatable {
    /// The final answer as the tool reports it (may differ from the concatenated deltas).
    public var text: String
    public var usage: TokenUsage
    /// Reported by Claude Code only; nil where the tool does not say.
    public var costUSD: Double?
    public var duration: Duration
    public var sessionID: String?

    public init(text: String, usage: TokenUsage = .zero, costUSD: Double? = nil, duration: Duration = .zero, sessionID: String? = nil) {
        self.text = text
        self.usage = usage
        self.costUSD = costUSD
        self.duration = duration
        self.sessionID = sessionID
    }
}

/// Token counts. `inputTokens` includes cached ones; `cachedInputTokens` says how many.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cachedInputTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cachedInputTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = cachedInputTokens
    }

    public static let zero = TokenUsage()

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(
            inputTokens: a.inputTokens + b.inputTokens,
            outputTokens: a.outputTokens + b.outputTokens,
            cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens)
    }
}
