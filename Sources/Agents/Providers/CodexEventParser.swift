/// Reads `codex exec --json`: `thread.started`, `item.started/updated/completed`
/// (answer text comes from completed `agent_message` items), `turn.completed`
/// with usage, `turn.failed` and `error`.
struct CodexEventParser: CLIEventParser {
    private(set) var lastError: String?
    private var threadID: String?
    private var messages: [String] = []

    mutating func events(for object: JSONObject) -> [AgentEvent] {
        switch object.string("type") {
        case "thread.started":
            threadID = object.string("thread_id")
            return [.started(sessionID: threadID)]
        case "item.started":
            guard let item = object.object("item") else { return [] }
            switch item.string("type") {
            case "command_execution":
                return [.toolUse("shell: " + Self.short(item.string("command") ?? ""))]
            case "mcp_tool_call":
                let name = [item.string("server"), item.string("tool")].compactMap { $0 }.joined(separator: ".")
                return [.toolUse(name.isEmpty ? "mcp" : name)]
            case "web_search":
                return [.toolUse("web_search")]
            case "reasoning":
                return [.thinking]
            default:
                return []
            }
        case "item.completed":
            guard let item = object.object("item") else { return [] }
            switch item.string("type") {
            case "agent_message":
                guard let text = item.string("text"), !text.isEmpty else { return [] }
                messages.append(text)
                return [.text(messages.count > 1 ? "\n\n" + text : text)]
            case "reasoning":
                return [.thinking]
            case "file_change":
                let paths = (item.array("changes") ?? []).compactMap { ($0 as? JSONObject)?.string("path") }
                return [.toolUse("edit: " + Self.short(paths.joined(separator: ", ")))]
            case "error":
                return item.string("message").map { [.status($0)] } ?? []
            default:
                return []
            }
        case "turn.completed":
            let usage = object.object("usage") ?? [:]
            let result = TurnResult(
                text: messages.joined(separator: "\n\n"),
                usage: TokenUsage(
                    inputTokens: usage.int("input_tokens") ?? 0,
                    outputTokens: usage.int("output_tokens") ?? 0,
                    cachedInputTokens: usage.int("cached_input_tokens") ?? 0),
                sessionID: threadID)
            return [.finished(result)]
        case "turn.failed":
            let message = object.object("error")?.string("message") ?? lastError ?? "Codex reported a failed turn"
            lastError = message
            return [.failed(AgentError(.toolReported(message)))]
        case "error":
            // Codex also reports retries this way; only the last one matters if no result follows.
            guard let message = object.string("message") else { return [] }
            lastError = message
            return [.status(message)]
        default:
            return []
        }
    }

    static func short(_ text: String, limit: Int = 80) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }
}
