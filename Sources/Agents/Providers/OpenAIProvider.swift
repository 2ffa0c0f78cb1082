import AsyncHTTPClient
import Foundation
import Logging

/// An OpenAI-compatible `/chat/completions` endpoint (OpenAI, Ollama, llama.cpp
/// server, vLLM), streamed over SSE. The endpoint remembers nothing, so the
/// conversation passes the stored history in with every turn.
struct OpenAIProvider: AgentProvider {
    let name: String
    let settings: ProviderSettings
    let httpClient: HTTPClient
    /// Upper bound for the whole request; the conversation's watchdog usually acts first.
    let requestDeadline: Double

    var kind: ProviderKind { .openai }

    func start(_ turn: ProviderTurn) -> ProviderRun {
        let (events, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        let control = RunControl()
        let task = Task {
            let terminal = await run(turn, continuation)
            let final: AgentEvent = switch control.request {
            case .stop where !terminal.isFinished: .failed(AgentError(.stopped))
            case .interrupt where !terminal.isFinished: .failed(AgentError(.interrupted))
            default: terminal
            }
            continuation.yield(final)
            continuation.finish()
        }
        control.setHandler { _ in task.cancel() }
        return ProviderRun(events: events, control: control)
    }

    private func run(_ turn: ProviderTurn, _ out: AsyncStream<AgentEvent>.Continuation) async -> AgentEvent {
        guard let base = settings.baseURL else {
            return .failed(AgentError(.baseURLMissing(provider: name)))
        }
        let url = base.hasSuffix("/") ? base + "chat/completions" : base + "/chat/completions"
        guard let model = turn.model ?? settings.model else {
            return .failed(AgentError(.modelMissing(provider: name)))
        }

        var messages: [[String: String]] = []
        if let system = turn.systemPrompt, !system.isEmpty { messages.append(["role": "system", "content": system]) }
        messages += turn.history.map { ["role": $0.role.rawValue, "content": $0.content] }
        messages.append(["role": "user", "content": turn.prompt])
        var body: [String: Any] = [
            "model": model, "messages": messages, "stream": true,
            "stream_options": ["include_usage": true],
        ]
        if let effort = turn.reasoningEffort { body["reasoning_effort"] = effort }

        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "text/event-stream")
        // The key is read here, in Troupe, so it never has to be in any child's environment.
        if let keyName = settings.apiKeyEnv,
           let key = turn.environment[keyName] ?? ProcessInfo.processInfo.environment[keyName], !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        do {
            request.body = .bytes(Array(try JSONSerialization.data(withJSONObject: body)))
        } catch {
            return .failed(AgentError(.requestEncoding(detail: "\(error)")))
        }

        let started = ContinuousClock.now
        out.yield(.started(sessionID: nil))
        do {
            let response = try await httpClient.execute(request, timeout: .milliseconds(Int64(requestDeadline * 1000)))
            guard (200..<300).contains(Int(response.status.code)) else {
                var text = ""
                for try await chunk in response.body {
                    text += String(decoding: chunk.readableBytesView, as: UTF8.self)
                    if text.utf8.count > 4096 { break }
                }
                let detail = (JSONFields.object(text)?.object("error")?.string("message")) ?? String(text.prefix(300))
                let keyVariable = response.status.code == 401 || response.status.code == 403 ? settings.apiKeyEnv ?? "OPENAI_API_KEY" : nil
                return .failed(AgentError(.httpStatus(provider: name, status: Int(response.status.code), keyVariable: keyVariable, detail: detail)))
            }
            var sse = SSEParser()
            var parser = OpenAIChunkParser()
            for try await chunk in response.body {
                for payload in sse.feed(chunk.readableBytesView) {
                    for event in parser.events(for: payload) { out.yield(event) }
                }
                if parser.done { break }
            }
            for payload in sse.finish() {
                for event in parser.events(for: payload) { out.yield(event) }
            }
            if let error = parser.error {
                return .failed(AgentError(.streamError(provider: name, detail: "\(error)")))
            }
            if !parser.done && parser.text.isEmpty {
                return .failed(AgentError(.streamEndedEarly(provider: name)))
            }
            return .finished(TurnResult(text: parser.text, usage: parser.usage, duration: ContinuousClock.now - started))
        } catch is CancellationError {
            return .failed(AgentError(.interrupted))
        } catch {
            if Task.isCancelled { return .failed(AgentError(.interrupted)) }
            return .failed(AgentError(.unreachable(url: url, provider: name, detail: "\(error)")))
        }
    }
}

private extension AgentEvent {
    var isFinished: Bool {
        if case .finished = self { return true }
        return false
    }
}
