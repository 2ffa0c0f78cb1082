import Agents
import Foundation

/// Registers `troupe mcp` with the CLIs that take an MCP config on the command line (Claude Code's `--mcp-config`),
/// so an agent sees `list_agents` and `ask_agent` as tools. The server reads the run's token from the variables
/// Claude Code expands into its environment.
public enum MCPRegistration {
    /// The `--mcp-config` JSON for `troupe mcp`.
    public static func claudeConfig(troupeBinary: String) -> String {
        let server: [String: Any] = [
            "type": "stdio", "command": troupeBinary, "args": ["mcp"],
            "env": Dictionary(uniqueKeysWithValues: ["TROUPE_CONTROL_URL", "TROUPE_TOKEN", "TROUPE_AGENT", "TROUPE_CHAT"]
                .map { ($0, "${\($0)}") }),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: ["mcpServers": ["troupe": server]],
                                                options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `config` with `--mcp-config …troupe mcp…` appended to the arguments of every Claude Code provider.
    public static func registering(in config: AgentsConfiguration, troupeBinary: String) -> AgentsConfiguration {
        var config = config
        for (name, provider) in config.resolvedProviders where provider.kind == .claude {
            var settings = config.providers[name] ?? ProviderSettings.builtIns[name] ?? ProviderSettings(kind: .claude)
            settings.args += ["--mcp-config", claudeConfig(troupeBinary: troupeBinary)]
            config.providers[name] = settings
        }
        return config
    }
}
