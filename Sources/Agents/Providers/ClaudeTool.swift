import Foundation

/// Claude Code: `claude -p --output-format=stream-json --verbose …` with the prompt on stdin (`-p` reads
/// it from there when no prompt argument is given). Values go as `--flag=value`, so a value can never be
/// taken for a flag of its own.
struct ClaudeTool: CLITool {
    var kind: ProviderKind { .claude }
    var sessionRejectionPhrases: [String] { ["no conversation found"] }

    func invocation(for turn: ProviderTurn, extraArgs: [String]) -> CLIInvocation {
        var args = ["-p", "--output-format=stream-json", "--verbose"]
        if let model = turn.model { args.append("--model=\(model)") }
        if let mode = turn.permissionMode { args.append("--permission-mode=\(mode)") }
        if let prompt = turn.systemPrompt, !prompt.isEmpty { args.append("--append-system-prompt=\(prompt)") }
        if let session = turn.resumeSessionID { args.append("--resume=\(session)") }
        if let folder = turn.attachmentDirectory { args.append("--add-dir=\(folder.path)") }
        return CLIInvocation(arguments: args + extraArgs, stdin: Data(turn.prompt.utf8))
    }

    func makeParser() -> ClaudeEventParser { ClaudeEventParser() }
}
