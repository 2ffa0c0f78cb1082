import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one CLI turn: finds the executable, starts it in the workspace in its
/// own process group, parses stdout line by line, and turns every way a tool
/// can go wrong into one `failed` event with a message a user can act on.
struct CLIProvider<Tool: CLITool>: AgentProvider {
    let name: String
    let settings: ProviderSettings
    let tool: Tool
    let killGrace: Double

    var kind: ProviderKind { tool.kind }

    func start(_ turn: ProviderTurn) -> ProviderRun {
        let (events, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        let control = RunControl()
        Task {
            await run(turn, continuation, control)
            continuation.finish()
        }
        return ProviderRun(events: events, control: control)
    }

    private func run(_ turn: ProviderTurn, _ out: AsyncStream<AgentEvent>.Continuation, _ control: RunControl) async {
        let command = settings.command ?? tool.kind.defaultCommand ?? name
        let cwd = FileManager.default.currentDirectoryPath
        guard let executable = ExecutableLocator.locate(command, path: turn.environment["PATH"], relativeTo: cwd) else {
            out.yield(.failed(AgentError(.toolNotFound(command: command, provider: name, tool: tool.displayName, kind: tool.kind,
                                                       isPath: command.contains("/")))))
            return
        }
        if let early = stoppedError(control) {
            out.yield(.failed(early))
            return
        }

        // A model stored before names were checked (or set by any path that missed the check) must not
        // reach argv, where it could be read as a flag.
        if let model = turn.model, !ModelName.isValid(model) {
            out.yield(.failed(AgentError(.invalidStoredModel(String(model.prefix(80))))))
            return
        }
        let invocation = tool.invocation(for: turn, extraArgs: settings.args)
        var environment = turn.environment
        for (key, value) in invocation.environment { environment[key] = value }
        let child: ChildProcess
        do {
            child = try ChildProcess(
                executable: executable, arguments: [command] + invocation.arguments,
                environment: environment, workingDirectory: turn.workspace.path, stdin: invocation.stdin)
        } catch let error as SpawnError {
            out.yield(.failed(AgentError(.launchFailed(command: command, detail: error.message))))
            return
        } catch {
            out.yield(.failed(AgentError(.launchFailed(command: command, detail: "\(error)"))))
            return
        }

        let grace = killGrace
        control.setHandler { request in
            switch request {
            case .interrupt:
                child.signalGroup(SIGINT)
            case .stop:
                child.signalGroup(SIGTERM)
                Task {
                    try? await Task.sleep(nanoseconds: UInt64(grace * 1_000_000_000))
                    child.signalGroup(SIGKILL)
                }
            case .none:
                break
            }
        }

        let startedAt = ContinuousClock.now
        var parser = tool.makeParser()
        var terminalSent = false
        var jsonLines = 0
        var garbageLines = 0
        var firstGarbage: String?
        for await line in child.stdoutLines {
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let object = JSONFields.object(line) else {
                garbageLines += 1
                if firstGarbage == nil { firstGarbage = String(line.prefix(120)) }
                continue
            }
            jsonLines += 1
            for event in parser.events(for: object) {
                if terminalSent && event.isTerminal { continue }
                var event = event
                switch event {
                case .failed(let error) where turn.resumeSessionID != nil && tool.rejectsSession(error.message):
                    event = .failed(AgentError(.sessionRejected(error.message)))
                case .finished(var result) where result.duration == .zero:
                    result.duration = ContinuousClock.now - startedAt
                    event = .finished(result)
                default:
                    break
                }
                if event.isTerminal { terminalSent = true }
                out.yield(event)
            }
        }
        let status = await child.waitForExit()
        guard !terminalSent else { return }

        if let stopped = stoppedError(control) {
            out.yield(.failed(stopped))
            return
        }
        let stderr = await child.stderrTail()
        let detail = parser.lastError ?? Self.lastLines(of: stderr)
        if turn.resumeSessionID != nil, tool.rejectsSession(detail) || tool.rejectsSession(stderr) {
            out.yield(.failed(AgentError(.sessionRejected(detail))))
            return
        }
        let error: AgentError
        if !status.isSuccess {
            error = AgentError(.toolExited(tool: tool.displayName, command: command, exit: status.toolExit, detail: detail))
        } else if jsonLines == 0 && garbageLines == 0 {
            error = AgentError(.noOutput(tool: tool.displayName, command: command, provider: name))
        } else if jsonLines == 0 {
            error = AgentError(.notJSON(tool: tool.displayName, command: command, provider: name, lines: garbageLines, first: firstGarbage ?? ""))
        } else {
            error = AgentError(.noResult(tool: tool.displayName, command: command, unreadableLines: garbageLines, first: firstGarbage ?? "",
                                         detail: detail))
        }
        out.yield(.failed(error))
    }

    private func stoppedError(_ control: RunControl) -> AgentError? {
        switch control.request {
        case .stop: AgentError(.stopped)
        case .interrupt: AgentError(.interrupted)
        case .none: nil
        }
    }

    /// The end of stderr is where tools put the reason they failed.
    static func lastLines(of text: String, limit: Int = 400) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var picked: [String] = []
        var count = 0
        for line in lines.reversed() {
            if count + line.count > limit && !picked.isEmpty { break }
            picked.insert(line, at: 0)
            count += line.count
            if picked.count == 3 { break }
        }
        let joined = picked.joined(separator: " ")
        return joined.count > limit ? String(joined.suffix(limit)) : joined
    }
}

private extension ExitStatus {
    var toolExit: AgentError.ToolExit {
        switch self {
        case .exited(let code): .status(code)
        case .signaled(let signal): .signal(signal)
        }
    }
}
