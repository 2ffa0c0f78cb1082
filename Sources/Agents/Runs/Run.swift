import Foundation

/// Identifies one sub-agent run, across the store, the control API and transports.
public struct RunID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Short enough to type in a chat command, random enough not to collide among a chat's runs.
    static func make() -> RunID { RunID(rawValue: "r" + String(UUID().uuidString.lowercased().prefix(8))) }
    public var description: String { rawValue }
}

/// `accepted → queued → running → completed | failed | timed_out | cancelled | interrupted`.
/// A run leaves the last five never (a resumed interrupted run goes back to `queued` under the same id).
public enum RunState: String, Sendable, Codable, CaseIterable {
    case accepted, queued, running, completed, failed
    case timedOut = "timed_out"
    case cancelled, interrupted

    /// Unfinished: counts against every limit.
    public var isActive: Bool { self == .accepted || self == .queued || self == .running }
}

/// Where a run's result must go back to, captured when it is spawned and never looked up again,
/// so a user switching rooms, a transport reconnecting or a session reset cannot misroute it.
public struct RunRouting: Sendable, Equatable, Codable {
    /// The agent that asked for the run.
    public var agent: String
    /// The chat that agent was answering in.
    public var chat: ChatKey
    /// Opaque to Agents: the transport's own address for the reply (room, thread, platform).
    public var origin: String?
    /// The person whose message started the chain, if the transport knows.
    public var user: String?

    public init(agent: String, chat: ChatKey, origin: String? = nil, user: String? = nil) {
        self.agent = agent
        self.chat = chat
        self.origin = origin
        self.user = user
    }
}

/// Delivery of a finished run's result to whoever asked.
public enum DeliveryState: String, Sendable, Codable {
    /// Nothing to deliver yet (the run is unfinished) or not meant to be delivered.
    case none
    case pending
    case delivered
    /// Gave up after `runtime.runs.delivery_attempts`; `deliveryError` says why.
    case deliveryFailed = "delivery_failed"
}

/// One sub-agent task and everything known about it.
public struct Run: Sendable, Equatable, Identifiable {
    public var id: RunID
    public var parent: RunID?
    public var depth: Int
    public var routing: RunRouting
    /// The chat the outermost run was requested from (nested runs' routing names their parent's run chat);
    /// `max_active_per_chat` counts by it.
    public var rootChat: ChatKey
    public var task: String
    /// The agent doing the work.
    public var agent: String
    /// Extra role text put before the task.
    public var role: String?
    public var provider: String?
    public var model: String?
    public var state: RunState
    public var result: String?
    /// Why it failed, timed out, was cancelled or interrupted.
    public var error: String?
    public var usage: TokenUsage
    public var costUSD: Double
    public var timeout: Double
    public var tokenBudget: Int?
    public var delivery: DeliveryState
    public var deliveryError: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// `error`, typed, for the transports to say in the chat's language; nil for runs stored before it existed.
    public var failure: RunFailure? = nil

    /// The chat the run's turns execute in, apart from the requester's own conversation.
    public var chat: ChatKey { Self.chat(for: id) }

    public static let chatPrefix = "run:"
    public static func chat(for id: RunID) -> ChatKey { ChatKey(chatPrefix + id.rawValue) }

    /// The run a chat key belongs to, if it is a run's chat.
    public static func id(inChat chat: ChatKey) -> RunID? {
        guard chat.rawValue.hasPrefix(chatPrefix) else { return nil }
        return RunID(rawValue: String(chat.rawValue.dropFirst(chatPrefix.count)))
    }
}

/// What a caller asks for; `RunManager.spawn` fills in the rest.
public struct RunRequest: Sendable, Equatable {
    public var agent: String
    public var task: String
    public var routing: RunRouting
    public var role: String?
    public var provider: String?
    public var model: String?
    public var timeout: Double?
    public var tokenBudget: Int?

    public init(agent: String, task: String, routing: RunRouting, role: String? = nil, provider: String? = nil,
                model: String? = nil, timeout: Double? = nil, tokenBudget: Int? = nil) {
        self.agent = agent
        self.task = task
        self.routing = routing
        self.role = role
        self.provider = provider
        self.model = model
        self.timeout = timeout
        self.tokenBudget = tokenBudget
    }
}

/// Why a run request was refused; `message` tells the calling agent what to do instead.
public struct RunError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case limit, notFound = "not_found", badRequest = "bad_request", conflict, unknownAgent = "unknown_agent"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
