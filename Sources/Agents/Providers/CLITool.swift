import Foundation

/// What differs between the three CLIs: how to invoke them and how to read them.
/// Everything else (spawning, streaming, failure messages) is `CLIProvider`.
protocol CLITool: Sendable {
    associatedtype Parser: CLIEventParser
    var kind: ProviderKind { get }
    /// Phrases (lowercase) by which the tool says a resumed session does not exist.
    var sessionRejectionPhrases: [String] { get }
    /// Arguments after the command; `extraArgs` (from config) go after Troupe's
    /// flags and before the positional prompt or session id.
    func invocation(for turn: ProviderTurn, extraArgs: [String]) -> CLIInvocation
    func makeParser() -> Parser
}

extension CLITool {
    /// Shown in messages, e.g. "Claude Code".
    var displayName: String { kind.toolName }
}

struct CLIInvocation: Sendable {
    var arguments: [String]
    /// The prompt, for tools that read it from stdin; nil gives /dev/null.
    var stdin: Data?
    var environment: [String: String] = [:]
}

/// Maps one JSON object from a tool's stdout to events. Parsers are pure so
/// recorded output can be replayed against them in tests.
protocol CLIEventParser {
    mutating func events(for object: JSONObject) -> [AgentEvent]
    /// The last error the tool reported in-band, used if it exits without a result.
    var lastError: String? { get }
}

extension CLITool {
    func rejectsSession(_ message: String) -> Bool {
        let lower = message.lowercased()
        return sessionRejectionPhrases.contains { lower.contains($0) }
    }
}
