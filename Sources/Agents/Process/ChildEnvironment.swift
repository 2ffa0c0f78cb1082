/// The environment an agent's CLI starts with. Nothing is inherited by default: Troupe's own environment
/// holds secrets the agent must not see (Telegram bot tokens, other providers' API keys). What passes:
/// PATH, HOME, LANG, LC_* and TZ; the variables of `agents_env_file` (Troupe's own value of the same name wins);
/// the names a provider or agent lists in `pass_env`; the `env` values of
/// the provider, then the agent; last, Troupe's own variables (TROUPE_AGENT, TROUPE_CHAT, TROUPE_WORKSPACE,
/// and the control API's TROUPE_CONTROL_URL, TROUPE_TOKEN, TROUPE_BIN), which nothing can override.
enum ChildEnvironment {
    static let inherited: Set<String> = ["PATH", "HOME", "LANG", "TZ"]
    /// Used when Troupe itself runs without PATH (e.g. `env -i`), so tools can still find `sh` and `git`.
    static let fallbackPath = "/usr/local/bin:/usr/bin:/bin"

    static func isInherited(_ name: String) -> Bool {
        inherited.contains(name) || name.hasPrefix("LC_")
    }

    static func build(parent: [String: String], secrets: [String: String] = [:], provider: ProviderSettings, agent: AgentDefinition,
                      troupe: [String: String]) -> [String: String] {
        var env = parent.filter { isInherited($0.key) }
        if env["PATH"] == nil { env["PATH"] = fallbackPath }
        for (name, value) in secrets { env[name] = parent[name] ?? value }
        for name in provider.passEnv + agent.passEnv {
            if let value = parent[name] { env[name] = value }
        }
        for (key, value) in provider.env { env[key] = value }
        for (key, value) in agent.env { env[key] = value }
        for (key, value) in troupe { env[key] = value }
        return env
    }

    /// A `pass_env` entry must name a variable: letters, digits and `_`, not starting with a digit.
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
    }
}
