import Foundation

/// Where a turn came from, as the transport names it (e.g. the Matrix event id it answers, and its sender).
/// The Agents side only stores and compares it: one turn per (agent, chat, key), so an event handled again
/// after a crash does not run the agent (and its tools) a second time.
public struct TurnOrigin: Sendable, Hashable, Codable {
    public var key: String
    public var requester: String?
    public init(key: String, requester: String? = nil) {
        self.key = key
        self.requester = requester
    }
}

/// A turn that a previous process left unfinished; handed out once at start-up with what to do about it.
public struct InterruptedTurn: Sendable, Equatable {
    /// How many times a running turn may be cut short by a restart and resumed before the user is told instead.
    /// Restarts while it waits in the queue do not count.
    public static let maxInterruptions = 3

    public enum Recovery: Sendable, Equatable {
        /// The CLI had finished; its answer was stored but not confirmed delivered. Deliver it (do not run again).
        case deliver(answer: String)
        /// Run it again in this process (`AgentRuntime.resume`), resuming the CLI session where there is one.
        case resume
        /// Interrupted too often (or it had no origin to answer): tell the user.
        case giveUp
    }

    public var id: TurnID
    public var agent: String
    public var chat: ChatKey
    public var provider: String
    /// The user's text, so a transport can quote it or offer to resend it.
    public var prompt: String
    /// True if it had started running; false if it was still waiting in the queue.
    public var wasRunning: Bool
    public var submittedAt: Date
    public var origin: TurnOrigin?
    /// Restarts that have cut this turn short while it ran, this one included.
    public var interruptions: Int
    public var recovery: Recovery

    public init(id: TurnID, agent: String, chat: ChatKey, provider: String, prompt: String, wasRunning: Bool,
                submittedAt: Date, origin: TurnOrigin? = nil, interruptions: Int = 1, recovery: Recovery = .giveUp) {
        self.id = id
        self.agent = agent
        self.chat = chat
        self.provider = provider
        self.prompt = prompt
        self.wasRunning = wasRunning
        self.submittedAt = submittedAt
        self.origin = origin
        self.interruptions = interruptions
        self.recovery = recovery
    }
}
