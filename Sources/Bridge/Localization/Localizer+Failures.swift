import Agents
import Automation

/// Errors other modules raise, said in the chat's language: a failed turn (`AgentError`), a file that could not be
/// fetched, and the notices while a turn runs. Raw text inside them (a tool's stderr, an HTTP body, a system error)
/// stays as it came.
extension Localizer {
    func failure(_ error: AgentError) -> String { failure(error.reason) }

    /// Any error a command or a transport hands on: the typed ones in words, others as they describe themselves.
    func error(_ error: any Error) -> String {
        switch error {
        case let error as AgentError: failure(error)
        case let error as ScheduleError: schedule(error)
        case let error as AgentError.AttachmentFailure: attachment(error)
        default: "\(error)"
        }
    }

    /// Why a run ended, from its typed failure; a run stored before failures were typed shows its English `error`.
    func runError(_ run: Run) -> String? {
        guard let failure = run.failure else { return run.error }
        switch failure {
        case .agent(let reason): return self.failure(reason)
        case .configuration(let detail): return self(.runFailConfiguration, ["detail": detail])
        case .killedBeforeStart: return self(.runFailKilledBeforeStart)
        case .killed: return self(.runFailKilled)
        case .timedOut(let seconds): return self(.runFailTimedOut, ["seconds": "\(seconds)"])
        case .overBudget(let used, let budget): return self(.runFailOverBudget, ["used": "\(used)", "budget": "\(budget)"])
        case .restartedWhileWorking: return self(.runFailRestartedWhileWorking)
        case .restartedBeforeStart: return self(.runFailRestartedBeforeStart)
        }
    }

    func failure(_ reason: AgentError.Reason) -> String {
        switch reason {
        case .unknownAgent(let agent): self(.failUnknownAgent, ["agent": agent])
        case .agentGone(let agent): self(.failAgentGone, ["agent": agent])
        case .providerNotConfigured(let provider): self(.failProviderNotConfigured, ["provider": provider])
        case .unknownProvider(let provider, let known):
            self(.failUnknownProvider, ["provider": provider, "known": known.joined(separator: ", ")])
        case .providerNotAllowed(let agent, let provider, let allowed):
            self(.failProviderNotAllowed, ["agent": agent, "provider": provider, "allowed": allowed.joined(separator: ", ")])
        case .agentInConfig(let agent, let remove): self(remove ? .failAgentInConfigRemove : .failAgentInConfigChange, ["agent": agent])
        case .workspaceFailed(let agent, let detail): self(.failWorkspace, ["agent": agent, "detail": detail])
        case .secretsUnreadable(let path, let detail): self(.failSecrets, ["path": path, "detail": detail])
        case .invalidModel(let name): self(.failInvalidModel, ["name": name])
        case .invalidStoredModel(let name): self(.failInvalidStoredModel, ["name": name])
        case .unexpected(let detail), .toolReported(let detail), .sessionRejected(let detail): detail
        case .toolNotFound(let command, let provider, let tool, let kind, let isPath):
            isPath
                ? self(.failToolNotFoundPath, ["command": command, "provider": provider, "tool": tool, "install": installHint(kind)])
                : self(.failToolNotFound, ["command": command, "provider": provider, "install": installHint(kind)])
        case .launchFailed(let command, let detail): self(.failLaunch, ["command": command, "detail": detail])
        case .toolExited(let tool, let command, let exit, let detail):
            detail.isEmpty
                ? self(.failToolExited, ["tool": tool, "command": command, "exit": self.exit(exit)])
                : self(.failToolExitedDetail, ["tool": tool, "command": command, "exit": self.exit(exit), "detail": detail])
        case .noOutput(let tool, let command, let provider): self(.failNoOutput, ["tool": tool, "command": command, "provider": provider])
        case .notJSON(let tool, let command, let provider, let lines, let first):
            self(.failNotJSON, ["tool": tool, "command": command, "provider": provider, "lines": String(lines), "first": first])
        case .noResult(let tool, let command, let unreadableLines, let first, let detail):
            noResult(tool: tool, command: command, unreadableLines: unreadableLines, first: first, detail: detail)
        case .baseURLMissing(let provider): self(.failBaseURL, ["provider": provider])
        case .modelMissing(let provider): self(.failModelMissing, ["provider": provider])
        case .requestEncoding(let detail): self(.failRequestEncoding, ["detail": detail])
        case .httpStatus(let provider, let status, let key, let detail):
            key.map { self(.failHTTPStatusKey, ["provider": provider, "status": String(status), "key": $0, "detail": detail]) }
                ?? self(.failHTTPStatus, ["provider": provider, "status": String(status), "detail": detail])
        case .streamError(let provider, let detail): self(.failStream, ["provider": provider, "detail": detail])
        case .streamEndedEarly(let provider): self(.failStreamEnded, ["provider": provider])
        case .unreachable(let url, let provider, let detail): self(.failUnreachable, ["url": url, "provider": provider, "detail": detail])
        case .timedOut(let limit, let agent): self(.failTimedOut, ["limit": limit, "agent": agent])
        case .stopped: self(.failStopped)
        case .interrupted: self(.failInterrupted)
        case .droppedByStop: self(.failDropped)
        case .endedWithoutAnswer: self(.failNoAnswer)
        case .attachment(let failure): self(.failAttachment, ["reason": attachment(failure)])
        }
    }

    /// Why a file could not be read, as the end of a sentence.
    func attachment(_ failure: AgentError.AttachmentFailure) -> String {
        switch failure {
        case .noFile: self(.attachmentNoFile)
        case .tooLarge(let size?, let limit): self(.attachmentTooLarge, ["size": String(size), "limit": String(limit)])
        case .tooLarge(nil, let limit): self(.attachmentTooLargeUnknown, ["limit": String(limit)])
        case .failed(let detail): detail
        }
    }

    private func installHint(_ kind: ProviderKind) -> String {
        kind.installCommand.map { self(.installWith, ["tool": kind.toolName, "command": $0, "doc": ProviderKind.setupDoc]) }
            ?? self(.installSee, ["doc": ProviderKind.setupDoc])
    }

    private func exit(_ exit: AgentError.ToolExit) -> String {
        switch exit {
        case .status(let code): self(.exitStatus, ["code": String(code)])
        case .signal(let signal): self(.exitSignal, ["signal": String(signal)])
        }
    }

    private func noResult(tool: String, command: String, unreadableLines: Int, first: String, detail: String) -> String {
        let unreadable = unreadableLines > 0 ? self(.unreadableLines, ["lines": String(unreadableLines), "first": first]) : ""
        return detail.isEmpty
            ? self(.failNoResult, ["tool": tool, "command": command, "unreadable": unreadable])
            : self(.failNoResultDetail, ["tool": tool, "command": command, "unreadable": unreadable, "detail": detail])
    }

    /// Troupe's own word while a turn runs.
    func notice(_ notice: TurnNotice) -> String {
        switch notice {
        case .sessionNotResumed: self(.sessionNotResumed)
        case .timeLimitMoved(let by): self(.timeLimitMoved, ["by": by])
        case .stoppingSoon(let left, let unlessOutput): self(unlessOutput ? .stoppingSoonUnlessOutput : .stoppingSoon, ["left": left])
        }
    }
}
