/// The four tools Troupe knows how to drive. A `providers:` entry picks one with
/// `kind:` (or by being named after it), so several entries may share a kind,
/// e.g. `ollama: { kind: openai, base_url: … }`.
public enum ProviderKind: String, Sendable, Codable, CaseIterable, Hashable {
    case claude
    case codex
    case gemini
    case openai

    /// Whether Troupe must keep the transcript itself: HTTP chat endpoints are
    /// stateless, the CLIs keep their own session files.
    public var keepsHistoryInTroupe: Bool { self == .openai }

    /// The executable a user would have on PATH for this tool.
    var defaultCommand: String? {
        switch self {
        case .claude: "claude"
        case .codex: "codex"
        case .gemini: "gemini"
        case .openai: nil
        }
    }

    /// The tool's name as its makers write it.
    public var toolName: String {
        switch self {
        case .claude: "Claude Code"
        case .codex: "Codex"
        case .gemini: "Gemini CLI"
        case .openai: "an OpenAI-compatible server"
        }
    }

    /// How to install the CLI, for messages about a missing executable (docs/agents.md, "Provider setup").
    public var installCommand: String? {
        switch self {
        case .claude: "npm install -g @anthropic-ai/claude-code"
        case .codex: "npm install -g @openai/codex"
        case .gemini: "npm install -g @google/gemini-cli"
        case .openai: nil
        }
    }

    /// Where the provider set-up is documented, for messages that send users there.
    public static let setupDoc = "docs/agents.md#provider-setup"

    /// The end of a message about a missing executable: what to install, and where that is documented.
    public var installHint: String {
        guard let installCommand else { return "see \(Self.setupDoc)" }
        return "install \(toolName) with `\(installCommand)` (see \(Self.setupDoc))"
    }

    /// The file each CLI reads from its working directory as standing instructions.
    var ruleFileName: String? {
        switch self {
        case .claude: "CLAUDE.md"
        case .codex: "AGENTS.md"
        case .gemini: "GEMINI.md"
        case .openai: nil
        }
    }
}
