import AsyncHTTPClient
import Foundation
import Synchronization

/// The providers turns start with. A config reload swaps the whole set at once; a turn already running keeps the
/// provider it started with, and the next turn takes whatever is configured then.
final class ProviderSet: Sendable {
    struct Entries: Sendable {
        var providers: [String: any AgentProvider]
        var resolved: [String: ResolvedProvider]
    }

    private let entries: Mutex<Entries>

    init(_ configuration: AgentsConfiguration, httpClient: HTTPClient?) {
        entries = Mutex(Self.make(configuration, httpClient: httpClient))
    }

    subscript(name: String) -> (any AgentProvider)? { entries.withLock { $0.providers[name] } }

    var names: [String] { entries.withLock { $0.providers.keys.sorted() } }

    var resolved: [String: ResolvedProvider] { entries.withLock { $0.resolved } }

    func replace(with configuration: AgentsConfiguration, httpClient: HTTPClient?) {
        let fresh = Self.make(configuration, httpClient: httpClient)
        entries.withLock { $0 = fresh }
    }

    static func make(_ configuration: AgentsConfiguration, httpClient: HTTPClient?) -> Entries {
        let resolved = configuration.resolvedProviders
        var providers: [String: any AgentProvider] = [:]
        let grace = configuration.runtime.killGrace
        for (name, entry) in resolved {
            switch entry.kind {
            case .claude: providers[name] = CLIProvider(name: name, settings: entry.settings, tool: ClaudeTool(), killGrace: grace)
            case .codex: providers[name] = CLIProvider(name: name, settings: entry.settings, tool: CodexTool(), killGrace: grace)
            case .gemini: providers[name] = CLIProvider(name: name, settings: entry.settings, tool: GeminiTool(), killGrace: grace)
            case .openai:
                providers[name] = OpenAIProvider(
                    name: name, settings: entry.settings, httpClient: httpClient ?? AgentsHTTPClient.shared,
                    requestDeadline: configuration.runtime.maxTurnDuration)
            }
        }
        return Entries(providers: providers, resolved: resolved)
    }
}
