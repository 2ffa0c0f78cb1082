import Foundation

/// The agent side of Troupe's config: the `agents:`, `providers:` and `runtime:`
/// sections. Decodable straight from the whole config file (other keys are
/// ignored), or assembled by a host that decodes the sections itself.
public struct AgentsConfiguration: Sendable, Equatable, Decodable {
    /// The bot user's own agent must exist under this name.
    public static let mainAgentName = "main"

    public var agents: [String: AgentDefinition]
    /// Only what the file says; built-ins are merged in by `resolvedProviders`.
    public var providers: [String: ProviderSettings]
    public var runtime: RuntimeSettings
    /// `agents_env_file`: a dotenv file whose variables reach every agent's CLI, read before each turn (absolute
    /// once the host resolved it against the config's folder).
    public var agentsEnvFile: String?

    public init(
        agents: [String: AgentDefinition] = [mainAgentName: AgentDefinition()],
        providers: [String: ProviderSettings] = [:],
        runtime: RuntimeSettings = RuntimeSettings()
    ) {
        self.agents = agents
        self.providers = providers
        self.runtime = runtime
    }

    enum CodingKeys: String, CodingKey {
        case agents, providers, runtime
        case agentsEnvFile = "agents_env_file"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        agents = try c.decodeIfPresent([String: AgentDefinition].self, forKey: .agents)
            ?? [Self.mainAgentName: AgentDefinition()]
        providers = try c.decodeIfPresent([String: ProviderSettings].self, forKey: .providers) ?? [:]
        runtime = try c.decodeIfPresent(RuntimeSettings.self, forKey: .runtime) ?? RuntimeSettings()
        agentsEnvFile = try c.decodeIfPresent(String.self, forKey: .agentsEnvFile)
    }

    /// Built-in providers overlaid with the configured ones, with every default filled in.
    public var resolvedProviders: [String: ResolvedProvider] {
        var merged = ProviderSettings.builtIns
        for (name, settings) in providers { merged[name] = settings }
        var result: [String: ResolvedProvider] = [:]
        for (name, settings) in merged {
            guard let kind = settings.kind ?? ProviderKind(rawValue: name) else { continue }
            let builtIn = ProviderSettings.builtIns[name].flatMap { $0.kind == kind ? $0 : nil }
            var filled = settings
            filled.kind = kind
            filled.command = settings.command ?? kind.defaultCommand
            filled.baseURL = settings.baseURL ?? builtIn?.baseURL
            filled.apiKeyEnv = settings.apiKeyEnv ?? builtIn?.apiKeyEnv
            result[name] = ResolvedProvider(name: name, kind: kind, settings: filled)
        }
        return result
    }

    /// Throws `ConfigValidationErrors` listing every problem, each naming its key path.
    public func validate() throws {
        var errors: [ConfigValidationError] = []
        func fail(_ path: String, _ problem: String) { errors.append(.init(path: path, problem: problem)) }
        func unknown(_ path: String, _ keys: [String], known: [String]) {
            for key in keys {
                fail("\(path).\(key)", UnknownKeyProblem.describe(key, known: known))
            }
        }

        let providerNames = Set(ProviderSettings.builtIns.keys).union(providers.keys)
        let knownProviders = providerNames.sorted().joined(separator: ", ")
        let kinds = ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")

        for (name, settings) in providers.sorted(by: { $0.key < $1.key }) {
            let path = "providers.\(name)"
            unknown(path, settings.unknownKeys, known: ProviderSettings.CodingKeys.allCases.map(\.stringValue))
            guard let kind = settings.kind ?? ProviderKind(rawValue: name) else {
                fail("\(path).kind", "missing; \"\(name)\" is not a built-in provider, so set kind to one of \(kinds)")
                continue
            }
            if let command = settings.command, command.trimmingCharacters(in: .whitespaces).isEmpty {
                fail("\(path).command", "must not be empty")
            }
            if let model = settings.model, !ModelName.isValid(model) {
                fail("\(path).model", "\"\(model)\" is not a model name (it must match \(ModelName.pattern))")
            }
            for name in settings.passEnv where !ChildEnvironment.isVariableName(name) {
                fail("\(path).pass_env", "\"\(name)\" is not an environment variable name")
            }
            if kind == .openai {
                let baseURL = settings.baseURL ?? (name == "openai" ? ProviderSettings.builtIns["openai"]?.baseURL : nil)
                if let baseURL {
                    if let url = URL(string: baseURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil {
                    } else {
                        fail("\(path).base_url", "\"\(baseURL)\" is not an http(s) URL")
                    }
                } else {
                    fail("\(path).base_url", "required for an OpenAI-compatible provider")
                }
            } else if settings.baseURL != nil || settings.apiKeyEnv != nil {
                fail(path, "base_url and api_key_env apply only to kind openai (this entry is \(kind.rawValue))")
            }
        }

        if agents[Self.mainAgentName] == nil {
            fail("agents", "no agent named \"\(Self.mainAgentName)\"; the bot user needs one")
        }
        for (name, agent) in agents.sorted(by: { $0.key < $1.key }) {
            let path = "agents.\(name)"
            if !Self.isValidAgentName(name) {
                fail(path, "name must match [a-z0-9_-]{1,32}")
            }
            unknown(path, agent.unknownKeys, known: AgentDefinition.CodingKeys.allCases.map(\.stringValue))
            if !providerNames.contains(agent.provider) {
                fail("\(path).provider", "unknown provider \"\(agent.provider)\" (known: \(knownProviders))")
            }
            if let model = agent.model, !ModelName.isValid(model) {
                fail("\(path).model", "\"\(model)\" is not a model name (it must match \(ModelName.pattern))")
            }
            for name in agent.passEnv where !ChildEnvironment.isVariableName(name) {
                fail("\(path).pass_env", "\"\(name)\" is not an environment variable name")
            }
            for provider in agent.allowedProviders where !providerNames.contains(provider) {
                fail("\(path).allowed_providers", "unknown provider \"\(provider)\" (known: \(knownProviders))")
            }
            if let effort = agent.reasoningEffort, !Self.reasoningEfforts.contains(effort) {
                fail("\(path).reasoning_effort", "\"\(effort)\" is not one of \(Self.reasoningEfforts.joined(separator: ", "))")
            }
            if let value = agent.turnTimeout, !(value > 0 && value <= Self.maxSeconds) { fail("\(path).turn_timeout", Self.secondsRange) }
            if let value = agent.maxTurnDuration, !(value > 0 && value <= Self.maxSeconds) { fail("\(path).max_turn_duration", Self.secondsRange) }
            if let workspace = agent.workspace, workspace.isEmpty { fail("\(path).workspace", "must not be empty") }
        }

        let r = runtime
        unknown("runtime", r.unknownKeys, known: RuntimeSettings.CodingKeys.allCases.map(\.stringValue))
        if r.maxConcurrentTurns < 1 { fail("runtime.max_concurrent_turns", "must be at least 1") }
        // Upper bounds too: these become Durations and nanosecond counts, and a conversion past Int64 traps.
        if !(r.turnTimeout > 0 && r.turnTimeout <= Self.maxSeconds) { fail("runtime.turn_timeout", Self.secondsRange) }
        if !(r.timeoutWarning >= 0 && r.timeoutWarning <= Self.maxSeconds) { fail("runtime.timeout_warning", "must be between 0 and \(Int(Self.maxSeconds)) seconds") }
        if !(r.timeoutExtension >= 0 && r.timeoutExtension <= Self.maxSeconds) { fail("runtime.timeout_extension", "must be between 0 and \(Int(Self.maxSeconds)) seconds") }
        if !(r.maxTurnDuration > 0 && r.maxTurnDuration <= Self.maxSeconds) { fail("runtime.max_turn_duration", Self.secondsRange) }
        if !(r.killGrace >= 0 && r.killGrace <= Self.maxSeconds) { fail("runtime.kill_grace", "must be between 0 and \(Int(Self.maxSeconds)) seconds") }
        if r.historyMaxMessages < 1 { fail("runtime.history_max_messages", "must be at least 1") }
        if r.historyMaxChars < 1 { fail("runtime.history_max_chars", "must be at least 1") }
        unknown("runtime.runs", r.runs.unknownKeys, known: RunSettings.CodingKeys.allCases.map(\.stringValue))
        for (key, problem) in r.runs.problems() { fail("runtime.runs.\(key)", problem) }

        if !errors.isEmpty { throw ConfigValidationErrors(errors: errors) }
    }

    public static let reasoningEfforts = ["minimal", "low", "medium", "high", "xhigh"]
    /// The longest time any runtime setting may name: one year, in seconds.
    static let maxSeconds: Double = 365 * 24 * 3600
    static let secondsRange = "must be greater than 0 and at most \(Int(maxSeconds)) seconds"

    /// Lowercase `[a-z0-9_-]{1,32}`: agent names become Matrix localparts and directory names.
    public static func isValidAgentName(_ name: String) -> Bool {
        guard (1...32).contains(name.utf8.count) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }
}

/// A provider entry with its kind decided and defaults applied.
public struct ResolvedProvider: Sendable, Equatable {
    public let name: String
    public let kind: ProviderKind
    public let settings: ProviderSettings
}
