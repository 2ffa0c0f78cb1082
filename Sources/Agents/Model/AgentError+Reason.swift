extension AgentError {
    /// Each way a turn can fail, with what its sentence needs. Parameters named `detail` (and `first`) are raw text
    /// from a tool, an HTTP body or the system, shown as they are; the sentence around them is the transport's to translate.
    public enum Reason: Sendable, Equatable, Codable {
        case unknownAgent(String)
        /// The agent was removed while a message for it waited.
        case agentGone(String)
        case providerNotConfigured(String)
        case unknownProvider(String, known: [String])
        case providerNotAllowed(agent: String, provider: String, allowed: [String])
        /// `agents.NAME` comes from the config file: `remove` tells which change was asked for.
        case agentInConfig(String, remove: Bool)
        case workspaceFailed(agent: String, detail: String)
        case secretsUnreadable(path: String, detail: String)
        /// A name refused where a model is set (config, `!model`).
        case invalidModel(String)
        /// A stored model that is no longer accepted, caught right before a CLI starts.
        case invalidStoredModel(String)
        /// Any other failure before the turn could start.
        case unexpected(String)

        /// `command` could not be found; `isPath` when it names a file rather than a name looked up on PATH.
        case toolNotFound(command: String, provider: String, tool: String, kind: ProviderKind, isPath: Bool)
        case launchFailed(command: String, detail: String)
        case toolExited(tool: String, command: String, exit: ToolExit, detail: String)
        case noOutput(tool: String, command: String, provider: String)
        case notJSON(tool: String, command: String, provider: String, lines: Int, first: String)
        case noResult(tool: String, command: String, unreadableLines: Int, first: String, detail: String)
        /// The tool's own error text, as it reported it.
        case toolReported(String)
        /// The tool did not accept the session we asked it to resume; `detail` is what it said.
        case sessionRejected(String)

        case baseURLMissing(provider: String)
        case modelMissing(provider: String)
        case requestEncoding(detail: String)
        /// `keyVariable` is set when the status (401, 403) points at the API key.
        case httpStatus(provider: String, status: Int, keyVariable: String?, detail: String)
        case streamError(provider: String, detail: String)
        case streamEndedEarly(provider: String)
        case unreachable(url: String, provider: String, detail: String)

        /// `limit` is the turn timeout as shown (`15 min`).
        case timedOut(limit: String, agent: String)
        case stopped
        case interrupted
        /// Queued behind a turn that `stop` ended.
        case droppedByStop
        /// The turn ended with neither an answer nor an error.
        case endedWithoutAnswer

        case attachment(AttachmentFailure)

        public var kind: Kind {
            switch self {
            case .unknownAgent, .agentGone: .unknownAgent
            case .providerNotConfigured, .unknownProvider, .providerNotAllowed, .agentInConfig, .workspaceFailed, .secretsUnreadable,
                 .invalidModel, .invalidStoredModel, .unexpected, .baseURLMissing, .modelMissing, .requestEncoding: .configuration
            case .toolNotFound: .notFound
            case .launchFailed: .launchFailed
            case .toolExited, .toolReported: .toolFailed
            case .noOutput, .endedWithoutAnswer: .noOutput
            case .notJSON, .noResult, .streamEndedEarly: .badOutput
            case .sessionRejected: .sessionRejected
            case .httpStatus, .streamError, .unreachable: .http
            case .timedOut: .timedOut
            case .stopped, .droppedByStop: .stopped
            case .interrupted: .interrupted
            case .attachment: .attachment
            }
        }
    }

    /// How a tool's process ended, when it ended badly.
    public enum ToolExit: Sendable, Equatable, Codable, CustomStringConvertible {
        case status(Int32)
        case signal(Int32)

        public var description: String {
            switch self {
            case .status(let code): "status \(code)"
            case .signal(let signal): "signal \(signal)"
            }
        }
    }

    /// Why a file the user sent could not be read. Transports throw these from their downloads; anything else they
    /// throw becomes `failed` with the error's text.
    public enum AttachmentFailure: Error, Sendable, Equatable, Codable, CustomStringConvertible {
        /// The message names no file to fetch.
        case noFile
        /// Over what Troupe may fetch; `megabytes` when the size is known.
        case tooLarge(megabytes: Int?, limit: Int)
        case failed(String)

        public var description: String {
            switch self {
            case .noFile: "the message carries no file"
            case .tooLarge(let size?, let limit): "the file is \(size) MB; at most \(limit) MB can be fetched"
            case .tooLarge(nil, let limit): "the file is larger than the \(limit) MB that can be fetched"
            case .failed(let detail): detail
            }
        }
    }
}
