/// One entry of the `providers:` map: how to start a CLI or reach an HTTP endpoint.
/// `command` may be any path, which is how tests substitute a fake CLI.
public struct ProviderSettings: Sendable, Equatable, Codable {
    /// Which tool this entry drives; defaults to the entry's name when that names a tool.
    public var kind: ProviderKind?
    /// Executable name (searched on PATH) or path. CLI kinds only.
    public var command: String?
    /// Extra arguments placed right after the command, before Troupe's own flags.
    public var args: [String]
    /// Extra environment for the child process (or nothing, for HTTP).
    public var env: [String: String]
    /// Names of variables copied from Troupe's own environment into the child's, e.g. `ANTHROPIC_API_KEY`.
    /// Nothing else is inherited beyond PATH, HOME, LANG, LC_* and TZ (see `ChildEnvironment`).
    public var passEnv: [String]
    /// Default model for agents on this provider that name none.
    public var model: String?
    /// OpenAI-compatible base URL, e.g. `http://127.0.0.1:11434/v1`.
    public var baseURL: String?
    /// Name of the environment variable holding the API key (never the key itself).
    public var apiKeyEnv: String?

    public internal(set) var unknownKeys: [String] = []

    public init(
        kind: ProviderKind? = nil, command: String? = nil, args: [String] = [], env: [String: String] = [:],
        passEnv: [String] = [], model: String? = nil, baseURL: String? = nil, apiKeyEnv: String? = nil
    ) {
        self.kind = kind
        self.command = command
        self.args = args
        self.env = env
        self.passEnv = passEnv
        self.model = model
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, command, args, env
        case passEnv = "pass_env"
        case model
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(ProviderKind.self, forKey: .kind)
        command = try c.decodeIfPresent(String.self, forKey: .command)
        args = try c.decodeIfPresent([String].self, forKey: .args) ?? []
        env = try c.decodeIfPresent([String: String].self, forKey: .env) ?? [:]
        passEnv = try c.decodeIfPresent([String].self, forKey: .passEnv) ?? []
        model = try c.decodeIfPresent(String.self, forKey: .model)
        baseURL = try c.decodeIfPresent(String.self, forKey: .baseURL)
        apiKeyEnv = try c.decodeIfPresent(String.self, forKey: .apiKeyEnv)
        unknownKeys = decoder.unknownKeys(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(command, forKey: .command)
        if !args.isEmpty { try c.encode(args, forKey: .args) }
        if !env.isEmpty { try c.encode(env, forKey: .env) }
        if !passEnv.isEmpty { try c.encode(passEnv, forKey: .passEnv) }
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(baseURL, forKey: .baseURL)
        try c.encodeIfPresent(apiKeyEnv, forKey: .apiKeyEnv)
    }

    /// The built-in entries, so `provider: codex` works with no `providers:` section.
    public static let builtIns: [String: ProviderSettings] = [
        "claude": ProviderSettings(kind: .claude, command: "claude"),
        "codex": ProviderSettings(kind: .codex, command: "codex"),
        "gemini": ProviderSettings(kind: .gemini, command: "gemini"),
        "openai": ProviderSettings(kind: .openai, baseURL: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY"),
    ]
}
