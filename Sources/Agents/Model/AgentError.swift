/// Why a turn failed. `message` is written for the person in the chat: it says
/// what happened and, where there is one, what to change.
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

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
