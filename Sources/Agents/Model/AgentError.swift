/// Why a turn failed. `reason` says what happened, with what the person in the chat needs to act on it; the
/// transport renders it in the chat's language. `message` is the English text, for logs and agent-facing APIs.
public struct AgentError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case unknownAgent
        case configuration
        /// The executable is missing or not executable.
        case notFound
        case launchFailed
        /// The tool exited non-zero or reported an error.
        case toolFailed
        /// Output that is not the tool's protocol (non-JSON, truncated).
        case badOutput
        /// The tool printed nothing.
        case noOutput
        /// The tool refused the session id we asked it to resume.
        case sessionRejected
        case timedOut
        /// `stop`: the process tree was killed and the queue dropped.
        case stopped
        /// `interrupt`: SIGINT; the queue goes on.
        case interrupted
        /// The HTTP endpoint was unreachable or answered with an error.
        case http
        /// A file the user sent could not be fetched when the turn started.
        case attachment
    }

    public let reason: Reason

    public init(_ reason: Reason) { self.reason = reason }

    /// The broad class, for metrics, run states and the control API's error codes.
    public var kind: Kind { reason.kind }

    /// English, for logs and for agents reading the control API; chats get `reason` rendered in their language.
    public var message: String { reason.english }

    public var description: String { message }
}
