/// Reads Claude Code's stream-json: `system/init`, `assistant` messages whose
/// content blocks are text, tool_use or thinking, `system/status`, and the final `result`.
struct ClaudeEventParser: CLIEventParser {
    private(set) var lastError: String?
    private var sessionID: String?
    private var text = ""

    mutating func events(for object: JSONObject) -> [AgentEvent] {
        switch object.string("type") {
        case "system":
            switch object.string("subtype") {
            case "init":
                sessionID = object.string("session_id") ?? sessionID
                return [.started(sessionID: sessionID)]
            case "status":
                guard let status = object.string("status") ?? object.string("message") else { return [] }
                return [.status(status)]
            default:
                return []
            }
        case "assistant":
            guard let content = object.object("message")?.array("content") else { return [] }
            var events: [AgentEvent] = []
            for case let block as JSONObject in content {
                switch block.string("type") {
                case "text":
                    if let piece = block.string("text"), !piece.isEmpty {
                        text += piece
                        events.append(.text(piece))
                    }
                case "tool_use":
                    events.append(.toolUse(block.string("name") ?? "tool"))
                case "thinking", "redacted_thinking":
                    events.append(.thinking)
                default:
                    break
                }
            }
            return events
        case "result":
            sessionID = object.string("session_id") ?? sessionID
            let isError = object.bool("is_error") ?? false
            let subtype = object.string("subtype") ?? "success"
            if isError || subtype != "success" {
                let errors = (object.array("errors") as? [String])?.joined(separator: "; ")
                let message = [object.string("result"), errors].compactMap { $0 }.first { !$0.isEmpty }
                    ?? "Claude Code reported \(subtype)"
                lastError = message
                return [.failed(AgentError(.toolReported(message)))]
            }
            let usage = object.object("usage") ?? [:]
            let cacheRead = usage.int("cache_read_input_tokens") ?? 0
            let input = (usage.int("input_tokens") ?? 0) + (usage.int("cache_creation_input_tokens") ?? 0) + cacheRead
            let result = TurnResult(
                text: object.string("result") ?? text,
                usage: TokenUsage(inputTokens: input, outputTokens: usage.int("output_tokens") ?? 0, cachedInputTokens: cacheRead),
                costUSD: object.double("total_cost_usd") ?? object.double("cost_usd"),
                duration: .milliseconds(object.int("duration_ms") ?? 0),
                sessionID: sessionID)
            return [.finished(result)]
        default:
            return []
        }
    }
}
