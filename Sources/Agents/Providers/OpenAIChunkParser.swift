/// Reads `chat.completion.chunk` payloads: content deltas, reasoning deltas
/// (`reasoning_content` from vLLM/llama.cpp/DeepSeek, `reasoning` from Ollama),
/// tool-call names, usage (sent when `stream_options.include_usage` is on) and
/// in-stream errors.
struct OpenAIChunkParser {
    private(set) var text = ""
    private(set) var usage = TokenUsage.zero
    private(set) var error: String?
    private(set) var done = false
    private var thinkingAnnounced = false

    mutating func events(for payload: String) -> [AgentEvent] {
        if payload.trimmingCharacters(in: .whitespaces) == "[DONE]" {
            done = true
            return []
        }
        guard let object = JSONFields.object(payload) else { return [] }
        if let error = object.object("error") {
            self.error = error.string("message") ?? "the server reported an error"
            return []
        }
        if let usage = object.object("usage") {
            self.usage = TokenUsage(
                inputTokens: usage.int("prompt_tokens") ?? 0,
                outputTokens: usage.int("completion_tokens") ?? 0,
                cachedInputTokens: usage.object("prompt_tokens_details")?.int("cached_tokens") ?? 0)
        }
        var events: [AgentEvent] = []
        for case let choice as JSONObject in object.array("choices") ?? [] {
            guard let delta = choice.object("delta") else { continue }
            let reasoning = delta.string("reasoning_content") ?? delta.string("reasoning")
            if let reasoning, !reasoning.isEmpty, !thinkingAnnounced {
                thinkingAnnounced = true
                events.append(.thinking)
            }
            if let content = delta.string("content"), !content.isEmpty {
                text += content
                events.append(.text(content))
            }
            for case let call as JSONObject in delta.array("tool_calls") ?? [] {
                if let name = call.object("function")?.string("name") { events.append(.toolUse(name)) }
            }
        }
        return events
    }
}
