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
