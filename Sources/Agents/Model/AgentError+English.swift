extension AgentError.Reason {
    /// The English sentence, for logs and the control API. The transports' English catalog says the same.
    public var english: String {
        switch self {
        case .unknownAgent(let agent):
            "There is no agent named \(agent)."
        case .agentGone(let agent):
            "There is no agent named \(agent) any more."
        case .providerNotConfigured(let provider):
            "Provider \(provider) is not configured; add it under providers: or choose another."
        case .unknownProvider(let provider, let known):
            "unknown provider \"\(provider)\" (known: \(known.joined(separator: ", ")))"
        case .providerNotAllowed(let agent, let provider, let allowed):
            "\(agent) may not be moved to provider \(provider) (allowed: \(allowed.joined(separator: ", ")); an admin may pick any, "
                + "or list it in agents.\(agent).allowed_providers)"
        case .agentInConfig(let agent, let remove):
            "agents.\(agent) is defined in the config file; \(remove ? "remove" : "change") it there"
        case .workspaceFailed(let agent, let detail):
            "Could not prepare the workspace for \(agent): \(detail)"
        case .secretsUnreadable(let path, let detail):
            "cannot read agents_env_file \(path): \(detail)"
        case .invalidModel(let name):
            "\"\(name)\" is not a model name (letters, digits and . _ : / @ + -, starting with a letter or digit)"
        case .invalidStoredModel(let name):
            "\"\(name)\" is not a model name; choose another with !model"
        case .unexpected(let detail):
            detail
        case .toolNotFound(let command, let provider, let tool, let kind, let isPath):
            isPath
                ? "\(command) does not exist or is not executable; set providers.\(provider).command to \(tool), or \(kind.installHint)"
                : "\(command) not found on PATH; \(kind.installHint), or set providers.\(provider).command"
        case .launchFailed(let command, let detail):
            "could not start \(command): \(detail)"
        case .toolExited(let tool, let command, let exit, let detail):
            "\(tool) (\(command)) exited with \(exit)" + (detail.isEmpty ? "" : ": \(detail)")
        case .noOutput(let tool, let command, let provider):
            "\(tool) (\(command)) exited without printing anything; check that providers.\(provider).command runs \(tool) and that it is logged in"
        case .notJSON(let tool, let command, let provider, let lines, let first):
            "\(tool) (\(command)) printed \(lines) line(s) that are not JSON (first: \"\(first)\"); is providers.\(provider).command really "
                + "\(tool), and recent enough for JSON output?"
        case .noResult(let tool, let command, let unreadable, let first, let detail):
            "\(tool) (\(command)) stopped before reporting a result"
                + (unreadable > 0 ? " (\(unreadable) unreadable line(s), first: \"\(first)\")" : "") + (detail.isEmpty ? "" : ": \(detail)")
        case .toolReported(let detail), .sessionRejected(let detail):
            detail
        case .baseURLMissing(let provider):
            "providers.\(provider).base_url is not set"
        case .modelMissing(let provider):
            "no model for provider \(provider); set providers.\(provider).model or the agent's model"
        case .requestEncoding(let detail):
            "could not encode the request: \(detail)"
        case .httpStatus(let provider, let status, let key, let detail):
            "\(provider) answered HTTP \(status)" + (key.map { " (check the key in $\($0))" } ?? "") + ": \(detail)"
        case .streamError(let provider, let detail):
            "\(provider): \(detail)"
        case .streamEndedEarly(let provider):
            "\(provider) closed the stream without an answer"
        case .unreachable(let url, let provider, let detail):
            "could not reach \(url): \(detail); check providers.\(provider).base_url"
        case .timedOut(let limit, let agent):
            "Stopped after \(limit) without finishing; raise runtime.turn_timeout (or agents.\(agent).turn_timeout) if this task needs longer."
        case .stopped:
            "Stopped."
        case .interrupted:
            "Interrupted."
        case .droppedByStop:
            "Dropped: the conversation was stopped before this message ran."
        case .endedWithoutAnswer:
            "The turn ended without an answer."
        case .attachment(let failure):
            "I could not read that attachment: \(failure)"
        }
    }
}
