import Testing
@testable import Agents

/// Recorded NDJSON replayed straight into each parser: pins how every tool's
/// output maps onto the one event stream.
@Suite struct ParserTests {
    private func replay<P: CLIEventParser>(_ parser: P, _ lines: [String]) -> [AgentEvent] {
        var parser = parser
        return lines.compactMap(JSONFields.object).flatMap { parser.events(for: $0) }
    }

    @Test func claudeAnswer() throws {
        let events = replay(ClaudeEventParser(), try Fixtures.recording("claude", "normal", prompt: "hi"))
        #expect(events.first == .started(sessionID: "S1"))
        #expect(events.texts == ["echo: hi"])
        let result = try #require(events.result)
        #expect(result.text == "echo: hi")
        #expect(result.sessionID == "S1")
        #expect(result.costUSD == 0.0123456)
        #expect(result.duration == .milliseconds(2153))
        #expect(result.usage == TokenUsage(inputTokens: 3 + 1200 + 11800, outputTokens: 12, cachedInputTokens: 11800))
    }

    @Test func claudeToolUseThinkingAndStatus() throws {
        let events = replay(ClaudeEventParser(), try Fixtures.recording("claude", "tool_use"))
        #expect(events.contains(.thinking))
        #expect(events.tools == ["Bash"])
        #expect(events.statuses == ["compacting"])
        #expect(events.texts == ["Let me count the files.", "There are 3 files."])
        #expect(events.result?.text == "There are 3 files.")
    }

    @Test func claudeErrorResultFails() throws {
        let events = replay(ClaudeEventParser(), try Fixtures.recording("claude", "error"))
        #expect(events.error == AgentError(.toolReported("API Error: 529 Overloaded")))
    }

    @Test func claudeErrorSubtypeUsesErrorsList() {
        var parser = ClaudeEventParser()
        let events = parser.events(for: JSONFields.object(
            #"{"type":"result","subtype":"error_during_execution","is_error":true,"errors":["No conversation found with session ID: x"],"session_id":"y"}"#)!)
        #expect(events == [.failed(AgentError(.toolReported("No conversation found with session ID: x")))])
    }

    @Test func codexAnswer() throws {
        let events = replay(CodexEventParser(), try Fixtures.recording("codex", "normal", session: "T1"))
        #expect(events.first == .started(sessionID: "T1"))
        #expect(events.contains(.thinking))
        #expect(events.texts == ["echo: hi"])
        #expect(events.result == TurnResult(
            text: "echo: hi", usage: TokenUsage(inputTokens: 24763, outputTokens: 122, cachedInputTokens: 24448), sessionID: "T1"))
    }

    @Test func codexToolsAndSeveralMessages() throws {
        let events = replay(CodexEventParser(), try Fixtures.recording("codex", "tool_use"))
        #expect(events.tools == ["shell: bash -lc ls", "edit: notes.md", "troupe.send_file"])
        #expect(events.texts == ["There are 3 files.", "\n\nI wrote notes.md."])
        #expect(events.result?.text == "There are 3 files.\n\nI wrote notes.md.")
    }

    @Test func codexTurnFailed() throws {
        let events = replay(CodexEventParser(), try Fixtures.recording("codex", "error"))
        #expect(events.statuses == ["stream disconnected before completion: Reconnecting... 1/5"])
        #expect(events.error?.message == "unexpected status 401 Unauthorized: Missing bearer or basic authentication in header")
    }

    @Test func geminiAnswer() throws {
        let events = replay(GeminiEventParser(), try Fixtures.recording("gemini", "normal", session: "G1"))
        #expect(events.first == .started(sessionID: "G1"))
        #expect(events.texts == ["echo: ", "hi"])  // the user's own message is not echoed
        #expect(events.result == TurnResult(
            text: "echo: hi", usage: TokenUsage(inputTokens: 13400, outputTokens: 100, cachedInputTokens: 9000),
            duration: .milliseconds(2300), sessionID: "G1"))
    }

    @Test func geminiToolsAndWarnings() throws {
        let events = replay(GeminiEventParser(), try Fixtures.recording("gemini", "tool_use"))
        #expect(events.tools == ["run_shell_command", "read_file"])
        #expect(events.statuses == ["File not found: /nope", "Loop detected, continuing"])
        #expect(events.result?.text == "There are 3 files.")
    }

    @Test func geminiErrorResult() throws {
        let events = replay(GeminiEventParser(), try Fixtures.recording("gemini", "error"))
        #expect(events.error?.message == "Quota exceeded for quota metric 'Gemini 2.5 Pro Requests'")
    }

    @Test func nonObjectLinesAreNotJSONObjects() {
        #expect(JSONFields.object("Welcome to Claude Code!") == nil)
        #expect(JSONFields.object(#"{"type":"result","trunc"#) == nil)
        #expect(JSONFields.object("[1,2]") == nil)
        #expect(JSONFields.object(#"  {"a":1}"#) != nil)
    }
}

@Suite struct SSEParserTests {
    @Test func eventsSplitAcrossChunks() {
        var parser = SSEParser()
        var events: [String] = []
        for chunk in ["da", "ta: {\"a\":1}\r", "\n\r\n: comment\n\ndata: x\ndata: y\n", "\ndata: [DONE]\n\n"] {
            events += parser.feed(Array(chunk.utf8))
        }
        #expect(events == [#"{"a":1}"#, "x\ny", "[DONE]"])
    }

    @Test func unterminatedEventIsFlushedAtEnd() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: last".utf8)) == [])
        #expect(parser.finish() == ["last"])
    }

    @Test func chunkParserReadsDeltasUsageAndErrors() {
        var parser = OpenAIChunkParser()
        #expect(parser.events(for: #"{"choices":[{"delta":{"role":"assistant","reasoning_content":"hmm"}}]}"#) == [.thinking])
        #expect(parser.events(for: #"{"choices":[{"delta":{"reasoning_content":"more"}}]}"#) == [])
        #expect(parser.events(for: #"{"choices":[{"delta":{"content":"Hel"}}]}"#) == [.text("Hel")])
        #expect(parser.events(for: #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"lookup","arguments":""}}]}}]}"#) == [.toolUse("lookup")])
        _ = parser.events(for: #"{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"prompt_tokens_details":{"cached_tokens":2}}}"#)
        _ = parser.events(for: "[DONE]")
        #expect(parser.text == "Hel")
        #expect(parser.usage == TokenUsage(inputTokens: 7, outputTokens: 3, cachedInputTokens: 2))
        #expect(parser.done)
        _ = parser.events(for: #"{"error":{"message":"model not found"}}"#)
        #expect(parser.error == "model not found")
    }
}
