import Foundation

/// Claude Code: `claude -p --output-format stream-json --verbose … -- PROMPT`.
struct ClaudeTool: CLITool {
    var kind: ProviderKind { .claude }
    var displayName: String { "Claude Code" }
    var sessionRejectionPhrases: [String] { ["no conversation found"] }

    func invocation(for turn: ProviderTurn, extraArgs: [String]) -> CLIInvocation {
        var args = ["-p", "--output-format", "stream-json", "--verbose"]
        if let model = turn.model { args += ["--model", model] }
        if let mode = turn.permissionMode { args += ["--permission-mode", mode] }
        if let prompt = turn.systemPrompt, !prompt.isEmpty { args += ["--append-system-prompt", prompt] }
        if let session = turn.resumeSessionID { args += ["--resume", session] }
        // `--` keeps a prompt that starts with "-" from being read as a flag.
        return CLIInvocation(arguments: args + extraArgs + ["--", turn.prompt], stdin: nil)
    }

    func makeParser() -> ClaudeEventParser { ClaudeEventParser() }
}
