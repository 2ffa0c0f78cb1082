/// Reads Gemini CLI's stream-json: `init`, `message` (assistant deltas),
/// `tool_use`, `tool_result`, `error` (warnings and errors) and `result` with stats.
struct GeminiEventParser: CLIEventParser {
    private(set) var lastError: String?
    private var sessionID: String?
    private var text = ""

    mutating func events(for object: JSONObject) -> [AgentEvent] {
        switch object.string("type") {
        case "init":
            sessionID = object.string("session_id") ?? object.string("sessionId")
            return [.started(sessionID: sessionID)]
        case "message":
            guard object.string("role") == "assistant", let piece = object.string("content"), !piece.isEmpty else { return [] }
            text += piece
            return [.text(piece)]
        case "tool_use":
            return [.toolUse(object.string("tool_name") ?? "tool")]
        case "tool_result":
            guard object.string("status") == "error" else { return [] }
            let message = object.object("error")?.string("message") ?? "a tool failed"
            return [.status(message)]
        case "error":
            guard let message = object.string("message") else { return [] }
            if object.string("severity") != "warning" { lastError = message }
            return [.status(message)]
        case "result":
            if object.string("status") == "error" {
                let message = object.object("error")?.string("message") ?? lastError ?? "Gemini CLI reported an error"
                lastError = message
                return [.failed(AgentError(.toolReported(message)))]
            }
            let stats = object.object("stats") ?? [:]
            let result = TurnResult(
                text: text,
                usage: TokenUsage(
                    inputTokens: stats.int("input_tokens") ?? 0,
                    outputTokens: stats.int("output_tokens") ?? 0,
                    cachedInputTokens: stats.int("cached") ?? 0),
                duration: .milliseconds(stats.int("duration_ms") ?? 0),
                sessionID: sessionID)
            return [.finished(result)]
        default:
            return []
        }
    }
}
