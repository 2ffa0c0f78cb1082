import Foundation

/// One seam, four tools: every provider turns a prompt into the same event
/// stream. Implementations never throw; problems arrive as a `failed` event.
protocol AgentProvider: Sendable {
    var kind: ProviderKind { get }
    /// Starts a turn. The stream ends with exactly one terminal event and
    /// finishes only once the tool has fully stopped (process reaped, request closed).
    func start(_ turn: ProviderTurn) -> ProviderRun
}

/// Everything a provider needs for one turn, already resolved from config and state.
struct ProviderTurn: Sendable {
    var agent: String
    var chat: ChatKey
    var prompt: String
    var model: String?
    var reasoningEffort: String?
    var systemPrompt: String?
    var permissionMode: String?
    /// The session to continue; nil starts a new one.
    var resumeSessionID: String?
    var workspace: URL
    /// This chat's attachment folder, when it exists: outside the workspace, so tools that confine file access
    /// to their working directory are told to allow it too.
    var attachmentDirectory: URL? = nil
    /// Complete child environment (inherited + provider + Troupe variables).
    var environment: [String: String]
    /// Earlier messages, oldest first — only for providers that keep no history.
    var history: [HistoryMessage] = []
}

/// A chat message kept by Troupe for stateless providers.
struct HistoryMessage: Sendable, Equatable {
    enum Role: String, Sendable { case user, assistant }
    var role: Role
    var content: String
}

/// A started turn: its events and the handle to stop it.
struct ProviderRun: Sendable {
    let events: AsyncStream<AgentEvent>
    let control: RunControl
}

/// How a running turn is stopped. Safe from any thread, idempotent.
final class RunControl: Sendable {
    enum Request: Sendable, Equatable { case none, interrupt, stop }

    private let state = Locked<(request: Request, handler: (@Sendable (Request) -> Void)?)>((.none, nil))

    /// What has been asked of the turn so far; `stop` outranks `interrupt`.
    var request: Request { state.current.request }

    /// SIGINT for CLIs; cancels the request for HTTP. The conversation's queue goes on.
    func interrupt() { send(.interrupt) }
    /// Kills the process tree (SIGTERM, then SIGKILL after the grace period).
    func stop() { send(.stop) }

    private func send(_ request: Request) {
        let handler = state.withLock { state -> (@Sendable (Request) -> Void)? in
            if state.request == .stop { return nil }
            state.request = request
            return state.handler
        }
        handler?(request)
    }

    /// Installs the tool-specific action; a request made before it was installed is applied at once.
    func setHandler(_ handler: @escaping @Sendable (Request) -> Void) {
        let pending = state.withLock { state -> Request in
            state.handler = handler
            return state.request
        }
        if pending != .none { handler(pending) }
    }
}
