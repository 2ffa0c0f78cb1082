import Foundation
import Testing
@testable import Agents

/// `!model`'s list: an OpenAI-compatible endpoint's own `/models`, cached; the known names for the CLIs and
/// whenever listing fails.
@Suite struct ModelCatalogTests {
    private func harness(baseURL: String) throws -> Harness {
        try Harness.make(
            agents: ["main": AgentDefinition(provider: "local")],
            providers: ["local": ProviderSettings(kind: .openai, env: ["TEST_LLM_KEY": "sk-test"], model: "llama3", baseURL: baseURL,
                                                  apiKeyEnv: "TEST_LLM_KEY")])
    }

    @Test func anOpenAIEndpointListsItsModelsAndTheAnswerIsKept() async throws {
        let server = try LocalSSEServer { _ in
            LocalSSEServer.Response(contentType: "application/json",
                                    chunks: [#"{"object":"list","data":[{"id":"qwen3","object":"model"},{"id":"llama3","object":"model"},{"id":"--bad"}]}"#])
        }
        defer { server.shutdown() }
        let h = try harness(baseURL: server.baseURL)
        let listing = await h.runtime.models.models(provider: "local")
        #expect(listing == ModelCatalog.Listing(models: ["llama3", "qwen3"], listed: true))
        #expect(await h.runtime.models.models(provider: "local") == listing)
        #expect(server.requests.count == 1, "a second look within minutes is answered from the cache")
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/models")
        #expect(request.headers["authorization"] == "Bearer sk-test")
    }

    @Test func aFailingEndpointFallsBackToTheKnownList() async throws {
        let server = try LocalSSEServer { _ in LocalSSEServer.Response(status: 500, contentType: "application/json", chunks: ["{}"]) }
        defer { server.shutdown() }
        let failing = try harness(baseURL: server.baseURL)
        #expect(await failing.runtime.models.models(provider: "local") == ModelCatalog.Listing(models: [], listed: false))
        let notJSON = try LocalSSEServer { _ in LocalSSEServer.Response(contentType: "text/html", chunks: ["<html>nope</html>"]) }
        defer { notJSON.shutdown() }
        #expect(await (try harness(baseURL: notJSON.baseURL)).runtime.models.models(provider: "local").listed == false)
        // Nothing listens there.
        let unreachable = try harness(baseURL: "http://127.0.0.1:9/v1")
        #expect(await unreachable.runtime.models.models(provider: "local").listed == false)
    }

    @Test func theCLIsGetTheirKnownModels() async throws {
        let h = try Harness.make()
        #expect(await h.runtime.models.models(provider: "claude") == ModelCatalog.Listing(models: ["sonnet", "opus", "haiku"], listed: false))
        #expect(await h.runtime.models.models(provider: "codex").models == ["gpt-5-codex", "gpt-5"])
        #expect(await h.runtime.models.models(provider: "nope").models.isEmpty)
    }

    @Test func anAgentsModelIsForItsOwnProviderOnly() async throws {
        let h = try Harness.make(agents: ["main": AgentDefinition(provider: "claude", model: "opus")])
        #expect(await h.runtime.status(agent: "main", chat: "c")?.model == "opus")
        try await h.runtime.setProvider("codex", agent: "main", chat: "c")
        let status = try #require(await h.runtime.status(agent: "main", chat: "c"))
        #expect(status.provider == "codex" && status.model == nil && status.providerOverride == "codex")
    }
}
