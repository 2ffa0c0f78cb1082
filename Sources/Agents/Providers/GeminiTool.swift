import Foundation

/// Gemini CLI: `gemini --output-format stream-json [--model=M] [--resume=ID]`
/// with the prompt on stdin. Gemini has no "append" flag, so role text goes in
/// a file named by `GEMINI_SYSTEM_MD` (which replaces Gemini's system prompt).
struct GeminiTool: CLITool {
    var kind: ProviderKind { .gemini }
    var sessionRejectionPhrases: [String] {
        ["invalid session", "session not found", "no previous session", "could not find session", "error resuming session"]
    }

    func invocation(for turn: ProviderTurn, extraArgs: [String]) -> CLIInvocation {
        var args = ["--output-format", "stream-json"]
        if let model = turn.model { args.append("--model=\(model)") }
        if let session = turn.resumeSessionID { args.append("--resume=\(session)") }
        if let folder = turn.attachmentDirectory { args.append("--include-directories=\(folder.path)") }
        var environment: [String: String] = [:]
        if let prompt = turn.systemPrompt, !prompt.isEmpty {
            environment["GEMINI_SYSTEM_MD"] = Workspace.geminiSystemPromptFile(in: turn.workspace).path
        }
        return CLIInvocation(arguments: args + extraArgs, stdin: Data(turn.prompt.utf8), environment: environment)
    }

    func makeParser() -> GeminiEventParser { GeminiEventParser() }
}
