import AsyncHTTPClient
import Foundation
import Logging

/// The models a provider offers, for `!model`'s picker. An OpenAI-compatible endpoint is asked
/// (`GET {base_url}/models`, with a short timeout, the answer kept a few minutes); the CLIs have no cheap, offline
/// way to list theirs (Claude Code, Codex and Gemini CLI only list models inside an interactive session), so they
/// get the names they are known to take. A failed listing falls back to that list and logs why.
public actor ModelCatalog {
    public struct Listing: Sendable, Equatable {
        public var models: [String]
        /// True when the provider itself named them (not the known list).
        public var listed: Bool
    }

    private var providers: [String: ResolvedProvider]
    private let httpClient: HTTPClient
    private let logger: Logger
    private var cache: [String: (models: [String], at: ContinuousClock.Instant)] = [:]
    static let lifetime: Duration = .seconds(300)
    static let timeout: Duration = .seconds(5)

    init(providers: [String: ResolvedProvider], httpClient: HTTPClient, logger: Logger) {
        self.providers = providers
        self.httpClient = httpClient
        self.logger = logger
    }

    /// A config reload's providers; what was listed before is asked again.
    func replace(providers: [String: ResolvedProvider]) {
        self.providers = providers
        cache = [:]
    }

    public func models(provider name: String) async -> Listing {
        guard let provider = providers[name] else { return Listing(models: [], listed: false) }
        let known = Listing(models: provider.kind.knownModels, listed: false)
        guard provider.kind == .openai, let base = provider.settings.baseURL else { return known }
        if let cached = cache[name], ContinuousClock.now - cached.at < Self.lifetime { return Listing(models: cached.models, listed: true) }
        do {
            let models = try await list(base: base, settings: provider.settings)
            cache[name] = (models, .now)
            return Listing(models: models, listed: true)
        } catch {
            logger.notice("could not list the provider's models; offering the known ones", metadata: [
                "provider": "\(name)", "error": "\(error)",
            ])
            return known
        }
    }

    struct ListingError: Error, CustomStringConvertible {
        var description: String
    }

    private func list(base: String, settings: ProviderSettings) async throws -> [String] {
        var request = HTTPClientRequest(url: base.hasSuffix("/") ? base + "models" : base + "/models")
        request.headers.add(name: "Accept", value: "application/json")
        if let keyName = settings.apiKeyEnv, let key = settings.env[keyName] ?? ProcessInfo.processInfo.environment[keyName], !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        let response = try await httpClient.execute(request, timeout: .seconds(Int64(Self.timeout.components.seconds)))
        let body = try await response.body.collect(upTo: 4 << 20)
        guard (200..<300).contains(Int(response.status.code)) else { throw ListingError(description: "HTTP \(response.status.code)") }
        guard let object = JSONFields.object(String(decoding: body.readableBytesView, as: UTF8.self)), let data = object.array("data") else {
            throw ListingError(description: "the answer has no \"data\" list")
        }
        let ids = data.compactMap { ($0 as? JSONObject)?.string("id") }.filter(ModelName.isValid)
        guard !ids.isEmpty else { throw ListingError(description: "the endpoint lists no models") }
        return ids.sorted()
    }
}

extension ProviderKind {
    /// Model names each CLI is known to take, for when nothing better can be listed.
    public var knownModels: [String] {
        switch self {
        case .claude: ["sonnet", "opus", "haiku"]
        case .codex: ["gpt-5-codex", "gpt-5"]
        case .gemini: ["gemini-2.5-pro", "gemini-2.5-flash"]
        case .openai: []
        }
    }
}
