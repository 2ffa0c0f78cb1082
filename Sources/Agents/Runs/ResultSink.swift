/// A finished run's outcome, answered by the agent that asked for it, ready for the transport that
/// started the chain. `routing` is what was captured at spawn; the transport posts `text` there as `routing.agent`.
public struct RunResultDelivery: Sendable, Equatable {
    /// Unique per delivery and stable across its retries: derive the transport's idempotency key from it,
    /// so a retry after a crash posts once. (One run can have several deliveries, e.g. a parent's follow-ups.)
    public var id: Int64
    public var run: RunID
    /// The agent that did the work.
    public var worker: String
    public var state: RunState
    public var routing: RunRouting
    /// The requesting agent's reply after reading the result: what the user should see.
    public var text: String
    /// The raw report the requester read, for transports that also show it (e.g. collapsed).
    public var report: String

    public init(id: Int64, run: RunID, worker: String, state: RunState, routing: RunRouting, text: String, report: String) {
        self.id = id
        self.run = run
        self.worker = worker
        self.state = state
        self.routing = routing
        self.text = text
        self.report = report
    }
}

/// Where top-level run results leave the agent side: implemented by each transport.
/// Throwing means "not delivered, try again later"; after `runtime.runs.delivery_attempts`
/// the run shows `delivery_failed`.
public protocol ResultSink: Sendable {
    func deliver(_ delivery: RunResultDelivery) async throws
}

/// What `RunManager.updates()` reports, for transports that show runs as they go.
public enum RunUpdate: Sendable, Equatable {
    /// The run changed state (spawned, started, finished, resumed, re-parented).
    case state(Run)
    /// Progress of a running run's turn (text, tool use, status).
    case progress(RunID, AgentEvent)
    /// Delivery of the run's result finished: `run.delivery` is `delivered` or `delivery_failed`.
    case delivery(Run)
}

/// Where a top-level run's `ask_parent` question goes when the transport can put it to a person: the question
/// surfaces in the chat the run was started from, and the person's answer resumes the run. Without one (or when
/// it throws `RunError.notFound`, e.g. the chat is gone), the requesting agent answers instead.
public protocol RunQuestionAsker: Sendable {
    func ask(_ question: String, run: Run) async throws -> String
}
