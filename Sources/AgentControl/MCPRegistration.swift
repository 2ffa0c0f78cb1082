import Agents
import Foundation

/// Registers `troupe mcp` with every CLI that speaks MCP, so an agent sees Troupe's tools (`list_agents`,
/// `ask_agent`, the run tools) natively. The server reads the run's token from the variables Troupe sets for
/// each turn; each CLI is told to hand them on:
/// - Claude Code: `--mcp-config JSON` with `${VAR}` references it expands;
/// - Codex: `-c mcp_servers.troupe.*` overrides, forwarding the variables with `env_vars`;
/// - Gemini CLI: a settings file named by `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` (the lowest-precedence settings
///   layer, so the user's own settings still apply; `mcpServers` objects are merged), with `$VAR` references.
public enum MCPRegistration {
    static let variables = ["TROUPE_CONTROL_URL", "TROUPE_TOKEN", "TROUPE_AGENT", "TROUPE_CHAT"]

    /// The `--mcp-config` JSON for `troupe mcp`.
    public static func claudeConfig(troupeBinary: String) -> String {
        json(["mcpServers": ["troupe": [
            "type": "stdio", "command": troupeBinary, "args": ["mcp"],
            "env": Dictionary(uniqueKeysWithValues: variables.map { ($0, "${\($0)}") }),
        ] as [String: Any]]])
    }

    /// Codex's `-c key=value` overrides (values in TOML) for `troupe mcp`.
    public static func codexArguments(troupeBinary: String) -> [String] {
        [
            "-c", "mcp_servers.troupe.command=\(tomlString(troupeBinary))",
            "-c", "mcp_servers.troupe.args=[\"mcp\"]",
            "-c", "mcp_servers.troupe.env_vars=[\(variables.map(tomlString).joined(separator: ","))]",
        ]
    }

    /// The Gemini CLI settings (system-defaults layer) that add `troupe mcp`.
    public static func geminiSettings(troupeBinary: String) -> String {
        json(["mcpServers": ["troupe": [
            "command": troupeBinary, "args": ["mcp"], "trust": true,
            "env": Dictionary(uniqueKeysWithValues: variables.map { ($0, "$\($0)") }),
        ] as [String: Any]]])
    }

    /// `config` with `troupe mcp` registered for every Claude Code, Codex and (given `geminiSettingsFile`, which
    /// the caller writes with `geminiSettings`) Gemini provider. A provider whose `env` already names a Gemini
    /// defaults file keeps it.
    public static func registering(in config: AgentsConfiguration, troupeBinary: String, geminiSettingsFile: URL? = nil)
        -> AgentsConfiguration
    {
        var config = config
        for (name, provider) in config.resolvedProviders {
            var settings = config.providers[name] ?? ProviderSettings.builtIns[name] ?? ProviderSettings(kind: provider.kind)
            switch provider.kind {
            case .claude:
                settings.args += ["--mcp-config", claudeConfig(troupeBinary: troupeBinary)]
            case .codex:
                settings.args += codexArguments(troupeBinary: troupeBinary)
            case .gemini:
                guard let geminiSettingsFile, settings.env["GEMINI_CLI_SYSTEM_DEFAULTS_PATH"] == nil else { continue }
                settings.env["GEMINI_CLI_SYSTEM_DEFAULTS_PATH"] = geminiSettingsFile.path
            case .openai:
                continue
            }
            config.providers[name] = settings
        }
        return config
    }

    private static func json(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A TOML basic string.
    static func tomlString(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: escaped += String(format: "\\u%04X", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"" + escaped + "\""
    }
}
