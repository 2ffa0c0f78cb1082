import Foundation

/// Codex: `codex exec --json --color never --skip-git-repo-check … -- -` with the
/// prompt on stdin; resuming puts `resume -- THREAD_ID -` after the flags
/// (`--color` is not a global flag in Codex, so it must precede `resume`). The model goes as `--model=NAME`.
struct CodexTool: CLITool {
    var kind: ProviderKind { .codex }
    var sessionRejectionPhrases: [String] {
        ["no rollout found", "thread not found", "session not found", "no saved session", "no conversation found"]
    }

    func invocation(for turn: ProviderTurn, extraArgs: [String]) -> CLIInvocation {
        var args = ["exec", "--json", "--color", "never", "--skip-git-repo-check"]
        if let model = turn.model { args.append("--model=\(model)") }
        if let effort = turn.reasoningEffort { args += ["-c", "model_reasoning_effort=\(effort)"] }
        args += extraArgs
        if let session = turn.resumeSessionID {
            args += ["resume", "--", session, "-"]
        } else {
            args += ["--", "-"]
        }
        return CLIInvocation(arguments: args, stdin: Data(turn.prompt.utf8))
    }

    func makeParser() -> CodexEventParser { CodexEventParser() }
}
