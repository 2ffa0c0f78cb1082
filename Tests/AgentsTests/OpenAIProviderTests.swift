import Foundation
import Testing
@testable import Agents

/// The HTTP provider against a local SSE server speaking the chat-completions stream.
@Suite struct OpenAIProviderTests {
    static func chunk(_ content: String) -> String {
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(content)\"},\"finish_reason\":null}]}\n\n"
    }

    static func answer(_ words: [String]) -> LocalSSEServer.Response {
        LocalSSEServer.Response(chunks: [
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
        ] + words.map(chunk) + [
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4,\"total_tokens\":15}}\n\n",
            "data: [DONE]\n\n",
        ])
    }

    private func harness(_ server: LocalSSEServer, runtime: RuntimeSettings = RuntimeSettings(turnTimeout: 10, timeoutWarning: 0)) throws -> Harness {
        try harness(baseURL: server.baseURL, runtime: runtime)
    }

    private func harness(baseURL: String, runtime: RuntimeSettings = RuntimeSettings(turnTimeout: 10, timeoutWarning: 0)) throws -> Harness {
        try Harness.make(
            agents: ["main": AgentDefinition(provider: "local", systemPrompt: "Be terse.")],
            providers: ["local": ProviderSettings(
                kind: .openai, env: ["TEST_LLM_KEY": "sk-test"], model: "llama3", baseURL: baseURL, apiKeyEnv: "TEST_LLM_KEY")],
            runtime: runtime)
    }

    @Test func streamsDeltasAndReportsUsage() async throws {
        let server = try LocalSSEServer { _ in Self.answer(["Hel", "lo", "!"]) }
        defer { server.shutdown() }
        let h = try harness(server)
        let events = try await h.ask("hi")
        #expect(events.texts == ["Hel", "lo", "!"])
        let result = try #require(events.result)
        #expect(result.text == "Hello!")
        #expect(result.usage == TokenUsage(inputTokens: 11, outputTokens: 4))
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test")
        let body = try #require(request.json)
        #expect(body["model"] as? String == "llama3")
        #expect(body["stream"] as? Bool == true)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "Be terse."], ["role": "user", "content": "hi"]])
    }

    @Test func historyIsKeptTrimmedAndResetByNewSession() async throws {
        let server = try LocalSSEServer { request in
            let count = ((request.json?["messages"] as? [Any])?.count ?? 0)
            return Self.answer(["reply\(count)"])
        }
        defer { server.shutdown() }
        let h = try harness(server, runtime: RuntimeSettings(turnTimeout: 10, timeoutWarning: 0, historyMaxMessages: 2))
        _ = try await h.ask("one")
        _ = try await h.ask("two")
        _ = try await h.ask("three")
        await h.runtime.newSession(agent: "main", chat: "test:chat")
        _ = try await h.ask("four")

        func conversation(_ i: Int) -> [String] {
            ((server.requests[i].json?["messages"] as? [[String: String]]) ?? []).filter { $0["role"] != "system" }.map { $0["content"]! }
        }
        #expect(conversation(0) == ["one"])
        #expect(conversation(1) == ["one", "reply2", "two"])
        #expect(conversation(2) == ["two", "reply4", "three"])  // budget: 2 earlier messages
        #expect(conversation(3) == ["four"])
        #expect(await h.runtime.status(agent: "main", chat: "test:chat")?.sessionID != nil)
    }

    @Test func httpErrorsCarryTheServersMessage() async throws {
        let server = try LocalSSEServer { _ in
            LocalSSEServer.Response(status: 401, contentType: "application/json", chunks: [#"{"error":{"message":"Incorrect API key provided"}}"#])
        }
        defer { server.shutdown() }
        let h = try harness(server)
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .http)
        #expect(error.message.contains("HTTP 401"))
        #expect(error.message.contains("TEST_LLM_KEY"))
        #expect(error.message.contains("Incorrect API key provided"))
    }

    @Test func unreachableEndpointNamesTheConfigKey() async throws {
        // A bound socket that never listens refuses connections, and holding it keeps
        // a parallel test's server from taking the port over.
        let closedPort = try ClosedPort()
        let h = try harness(baseURL: "http://127.0.0.1:\(closedPort.port)/v1")
        let error = try #require(try await h.ask("hi").error)
        #expect(error.kind == .http)
        #expect(error.message.contains("providers.local.base_url"))
    }

    @Test func stopCancelsAStreamingRequest() async throws {
        let server = try LocalSSEServer { _ in
            LocalSSEServer.Response(chunks: Array(repeating: Self.chunk("x"), count: 200), delay: 0.05)
        }
        defer { server.shutdown() }
        let h = try harness(server)
        let turn = await h.runtime.submit(agent: "main", chat: "c", text: "go")
        var sawText = false
        var terminal: AgentEvent?
        for await event in turn.events {
            if case .text = event, !sawText {
                sawText = true
                await h.runtime.stop(agent: "main", chat: "c")
            }
            if event.isTerminal { terminal = event }
        }
        #expect(sawText)
        if case .failed(let error) = terminal { #expect(error.kind == .stopped) } else { Issue.record("expected failed, got \(String(describing: terminal))") }
    }
}
