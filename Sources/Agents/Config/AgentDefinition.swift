/// One entry of the `agents:` map. The map key is the agent's name; everything
/// here is optional so `coder: { provider: codex }` is a complete definition.
public struct AgentDefinition: Sendable, Equatable, Codable {
    /// Key into `providers:` (built-ins: claude, codex, gemini, openai).
    public var provider: String
    /// Model name passed to the tool; `nil` lets the provider entry or the tool decide.
    public var model: String?
    /// Human name shown by transports; defaults to the agent name.
    public var displayname: String?
    /// Picture shown by transports (on Matrix an `mxc://` URI).
    public var avatar: String?
    /// Reasoning effort (minimal, low, medium, high, xhigh) for tools that take one.
    public var reasoningEffort: String?
    /// Role text: appended to the tool's system prompt and written into the rule file.
    public var systemPrompt: String?
    /// Claude Code `--permission-mode` (default, acceptEdits, bypassPermissions, plan, …).
    public var permissionMode: String?
    /// Working directory; relative paths are under the data directory. Default `agents/<name>/workspace`.
    public var workspace: String?
    /// Per-agent overrides of `runtime.turn_timeout` / `runtime.max_turn_duration` (seconds).
    public var turnTimeout: Double?
    public var maxTurnDuration: Double?
    /// Extra environment for this agent's CLI, over the provider's `env`.
    public var env: [String: String]
    /// Variables copied from Troupe's environment into this agent's CLI, besides the provider's `pass_env`.
    public var passEnv: [String]
    /// Providers a user may switch this agent to (`!session @PROVIDER`, spawn's `provider`) without being an
    /// admin. The configured `provider` is always allowed; admins may pick any configured provider.
    public var allowedProviders: [String]

    /// Keys present in the YAML that this type does not read (reported by `validate()`).
    public internal(set) var unknownKeys: [String] = []

    public init(
        provider: String = "claude", model: String? = nil, displayname: String? = nil, avatar: String? = nil,
        reasoningEffort: String? = nil, systemPrompt: String? = nil, permissionMode: String? = nil,
        workspace: String? = nil, turnTimeout: Double? = nil, maxTurnDuration: Double? = nil,
        env: [String: String] = [:], passEnv: [String] = [], allowedProviders: [String] = []
    ) {
        self.provider = provider
        self.model = model
        self.displayname = displayname
        self.avatar = avatar
        self.reasoningEffort = reasoningEffort
        self.systemPrompt = systemPrompt
        self.permissionMode = permissionMode
        self.workspace = workspace
        self.turnTimeout = turnTimeout
        self.maxTurnDuration = maxTurnDuration
        self.env = env
        self.passEnv = passEnv
        self.allowedProviders = allowedProviders
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case provider, model, displayname, avatar
        case reasoningEffort = "reasoning_effort"
        case systemPrompt = "system_prompt"
        case permissionMode = "permission_mode"
        case workspace
        case turnTimeout = "turn_timeout"
        case maxTurnDuration = "max_turn_duration"
        case env
        case passEnv = "pass_env"
        case allowedProviders = "allowed_providers"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        provider = try c.decodeIfPresent(String.self, forKey: .provider) ?? "claude"
        model = try c.decodeIfPresent(String.self, forKey: .model)
        displayname = try c.decodeIfPresent(String.self, forKey: .displayname)
        avatar = try c.decodeIfPresent(String.self, forKey: .avatar)
        reasoningEffort = try c.decodeIfPresent(String.self, forKey: .reasoningEffort)
        systemPrompt = try c.decodeIfPresent(String.self, forKey: .systemPrompt)
        permissionMode = try c.decodeIfPresent(String.self, forKey: .permissionMode)
        workspace = try c.decodeIfPresent(String.self, forKey: .workspace)
        turnTimeout = try c.decodeIfPresent(Double.self, forKey: .turnTimeout)
        maxTurnDuration = try c.decodeIfPresent(Double.self, forKey: .maxTurnDuration)
        env = try c.decodeIfPresent([String: String].self, forKey: .env) ?? [:]
        passEnv = try c.decodeIfPresent([String].self, forKey: .passEnv) ?? []
        allowedProviders = try c.decodeIfPresent([String].self, forKey: .allowedProviders) ?? []
        unknownKeys = decoder.unknownKeys(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(provider, forKey: .provider)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(displayname, forKey: .displayname)
        try c.encodeIfPresent(avatar, forKey: .avatar)
        try c.encodeIfPresent(reasoningEffort, forKey: .reasoningEffort)
        try c.encodeIfPresent(systemPrompt, forKey: .systemPrompt)
        try c.encodeIfPresent(permissionMode, forKey: .permissionMode)
        try c.encodeIfPresent(workspace, forKey: .workspace)
        try c.encodeIfPresent(turnTimeout, forKey: .turnTimeout)
        try c.encodeIfPresent(maxTurnDuration, forKey: .maxTurnDuration)
        if !env.isEmpty { try c.encode(env, forKey: .env) }
        if !passEnv.isEmpty { try c.encode(passEnv, forKey: .passEnv) }
        if !allowedProviders.isEmpty { try c.encode(allowedProviders, forKey: .allowedProviders) }
    }
}

extension AgentDefinition {
    /// The agent's configured model when it runs on `provider`: a model names one provider's model, so on another
    /// provider (a chat's `!provider`, a session or run on another) the provider's own default applies.
    public func model(on provider: String) -> String? {
        provider == self.provider ? model : nil
    }

    /// Whether a non-admin may run this agent on `provider`.
    public func allowsProvider(_ provider: String) -> Bool {
        provider == self.provider || allowedProviders.contains(provider)
    }
}
