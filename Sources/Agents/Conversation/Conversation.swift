import Foundation
import Logging

/// One agent in one chat. Turns run one at a time in the order submitted;
/// the actor is never blocked by a running turn (it only awaits), so status,
/// stop and interrupt answer at once.
actor Conversation {
    let agent: String
    let chat: ChatKey
    private let deps: ConversationDependencies

    private var record = ConversationRecord()
    /// Session id per provider name.
    private var sessions: [String: String] = [:]
    /// Bumped by `newSession`, so a turn that was running then does not write its old session back.
    private var sessionGeneration = 0
    private var loadTask: Task<Void, Never>?

    private struct QueuedTurn {
        let id: TurnID
        let prompt: String
        let continuation: AsyncStream<AgentEvent>.Continuation
        /// Downloads the attachments the prompt names; nil when there are none to fetch.
        var fetch: PendingFetch? = nil
        /// Taken up again after a restart cut it short.
        let resumed: Bool
    }

    /// A turn's download, with what its prompt was built from: the prompt is built again when the files are
    /// stored under other names than it gives (an image converted to another format).
    private struct PendingFetch {
        let fetch: AttachmentFetch
        let text: String
        let attachments: [Attachment]
    }

    private struct ActiveTurn {
        let id: TurnID
        var control: RunControl?
        var requested: RunControl.Request = .none
    }

    private var queue: [QueuedTurn] = []
    private var current: ActiveTurn?
    private var workerRunning = false
    /// Set by `retire`: the runtime dropped this idle conversation, so nothing may be queued here any more.
    private var retired = false
    /// Set by `suspend` (process shutdown): turns keep their rows, so the next start takes them up.
    private var suspended = false
    /// Whether the turn in hand reached its answer (a shutdown racing it must not leave it to be run again).
    private var currentAnswered = false

    init(agent: String, chat: ChatKey, dependencies: ConversationDependencies) {
        self.agent = agent
        self.chat = chat
        self.deps = dependencies
    }

    private func ensureLoaded() async {
        if loadTask == nil {
            loadTask = Task { await self.load() }
        }
        await loadTask?.value
    }

    private func load() async {
        do {
            record = try await deps.conversations.load(agent: agent, chat: chat)
            sessions = try await deps.sessions.all(agent: agent, chat: chat)
        } catch {
            deps.logger.error("could not load conversation state", metadata: ["agent": "\(agent)", "chat": "\(chat)", "error": "\(error)"])
        }
    }

    private func currentProviderName() async -> String? {
        guard let definition = await deps.directory.definition(agent) else { return nil }
        return record.providerOverride ?? definition.provider
    }

    // MARK: Submitting

    /// Nil if this conversation was retired (the runtime then makes a new one).
    func enqueue(text: String, attachments: [Attachment], fetch: AttachmentFetch? = nil,
                 origin: TurnOrigin? = nil) async -> AgentTurn? {
        guard !retired else { return nil }
        await ensureLoaded()
        guard !retired else { return nil }
        let id = TurnID.make()
        let prompt = PromptBuilder.prompt(text, attachments: attachments)
        let provider = await currentProviderName() ?? "?"
        do {
            guard try await deps.turns.insertQueued(id: id, agent: agent, chat: chat, provider: provider, prompt: prompt, origin: origin) else {
                // Handled before (the event came again after a crash): its turn ran, runs, or is resumed already.
                deps.logger.notice("turn already submitted for this origin; not running it again",
                                   metadata: ["agent": "\(agent)", "chat": "\(chat)", "origin": "\(origin?.key ?? "-")"])
                return AgentTurn.duplicate
            }
        } catch {
            deps.logger.error("could not record turn", metadata: ["agent": "\(agent)", "error": "\(error)"])
        }
        return schedule(id: id, prompt: prompt, resumed: false,
                        fetch: fetch.map { PendingFetch(fetch: $0, text: text, attachments: attachments) })
    }

    /// Takes up a turn a previous process left unfinished, under its old id. A turn that had started is told
    /// so, and runs in the session it was in (the CLI's resume), so work already done there is not lost.
    /// Nil if another caller took it up already, or this conversation was retired.
    func resume(_ turn: InterruptedTurn) async -> AgentTurn? {
        guard !retired else { return nil }
        await ensureLoaded()
        guard !retired, (try? await deps.turns.claim(id: turn.id)) == true else { return nil }
        let prompt = turn.wasRunning
            ? "(Troupe restarted while you were working on this message; continue where you were and give your complete answer.)\n\n" + turn.prompt
            : turn.prompt
        return schedule(id: turn.id, prompt: prompt, resumed: true)
    }

    private func schedule(id: TurnID, prompt: String, resumed: Bool, fetch: PendingFetch? = nil) -> AgentTurn {
        let (events, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        let turn = QueuedTurn(id: id, prompt: prompt, continuation: continuation, fetch: fetch, resumed: resumed)
        let ahead = queue.count + (current == nil ? 0 : 1)
        queue.append(turn)
        if ahead > 0 { continuation.yield(.queued(ahead: ahead)) }
        if !workerRunning {
            workerRunning = true
            Task { await self.drain() }
        }
        return AgentTurn(id: turn.id, events: events)
    }

    private func drain() async {
        while !queue.isEmpty, !suspended {
            let next = queue.removeFirst()
            current = ActiveTurn(id: next.id)
            currentAnswered = false
            await execute(next)
            current = nil
            // A turn cut short by the shutdown keeps its row as it was: the next start takes it up again.
            if suspended, !currentAnswered { break }
            do { try await deps.turns.markDone(id: next.id) } catch {
                deps.logger.error("could not mark a turn finished", metadata: ["turn": "\(next.id)", "error": "\(error)"])
            }
        }
        workerRunning = false
    }

    // MARK: Running one turn

    private func execute(_ turn: QueuedTurn) async {
        let out = turn.continuation
        // For the metrics: what ended the turn, with which provider, and when it got its slot.
        var outcome: AgentMetrics.TurnOutcome?
        var providerLabel = await currentProviderName() ?? "none"
        var startedAt: ContinuousClock.Instant?
        defer {
            deps.metrics.turnEnded(agent: agent, provider: providerLabel, outcome: suspended ? .suspended : outcome ?? .suspended,
                                   duration: startedAt.map { ContinuousClock.now - $0 })
        }
        func finish(_ event: AgentEvent) {
            if case .failed(let error) = event { outcome = AgentMetrics.TurnOutcome(error) }
            // On shutdown the user is not told "stopped": the turn is taken up again after the restart.
            if !suspended { out.yield(event) }
            out.finish()
        }

        // Attachments are fetched here, in this chat's queue, before a concurrency slot is taken.
        var prompt = turn.prompt
        if let pending = turn.fetch {
            let written: [Attachment]
            do {
                written = try await pending.fetch()
            } catch {
                finish(.failed(AgentError(.attachment(error as? AgentError.AttachmentFailure ?? .failed("\(error)")))))
                return
            }
            if written != pending.attachments {
                prompt = PromptBuilder.prompt(pending.text, attachments: written)
                do { try await deps.turns.updatePrompt(id: turn.id, prompt: prompt) } catch {
                    deps.logger.error("could not record a turn's renamed attachments", metadata: ["turn": "\(turn.id)", "error": "\(error)"])
                }
            }
        }
        guard await deps.limiter.acquire(turn.id) else {
            finish(.failed(requestedError() ?? AgentError(.stopped)))
            return
        }
        defer { Task { [limiter = deps.limiter] in await limiter.release() } }
        startedAt = .now
        if let error = requestedError() {
            finish(.failed(error))
            return
        }

        guard let definition = await deps.directory.definition(agent) else {
            finish(.failed(AgentError(.agentGone(agent))))
            return
        }
        let providerName = record.providerOverride ?? definition.provider
        providerLabel = providerName
        guard let provider = deps.providers[providerName], let resolved = deps.resolvedProviders[providerName] else {
            finish(.failed(AgentError(.providerNotConfigured(providerName))))
            return
        }
        let workspace: URL
        do {
            workspace = try Workspace.prepare(
                agent: agent, definition: definition, otherAgents: await deps.directory.all(), dataDirectory: deps.dataDirectory)
        } catch {
            finish(.failed(AgentError(.workspaceFailed(agent: agent, detail: error.localizedDescription))))
            return
        }
        try? await deps.turns.markRunning(id: turn.id, provider: providerName)
        var logger = deps.logger
        logger[metadataKey: "agent"] = "\(agent)"
        logger[metadataKey: "chat"] = "\(chat)"
        logger[metadataKey: "turn"] = "\(turn.id)"
        logger[metadataKey: "provider"] = "\(providerName)"
        logger.debug("turn started")

        let limits = TurnWatchdog.Limits(
            timeout: definition.turnTimeout ?? deps.runtime.turnTimeout,
            warning: deps.runtime.timeoutWarning,
            extension: deps.runtime.timeoutExtension,
            maxDuration: definition.maxTurnDuration ?? deps.runtime.maxTurnDuration)
        let secrets: [String: String]
        do {
            secrets = try deps.secrets()
        } catch {
            finish(.failed(error as? AgentError ?? AgentError(.unexpected("\(error)"))))
            return
        }
        var environment = deps.childEnvironment(agent: agent, definition: definition, chat: chat, provider: resolved, workspace: workspace,
                                                secrets: secrets)
        if let observer = deps.runObserver {
            for (key, value) in await observer.runStarted(agent: agent, chat: chat, run: turn.id) { environment[key] = value }
        }
        let stateless = resolved.kind.keepsHistoryInTroupe
        let attachments = AttachmentFolder.directory(agent: agent, chat: chat, dataDirectory: deps.dataDirectory)
        let attachmentDirectory = FileManager.default.fileExists(atPath: attachments.path) ? attachments : nil
        var startedSent = false
        var textSeen = false
        var streamed = ""
        var sessionLost = false

        for attempt in 0..<2 {
            let generation = sessionGeneration
            var resume = sessions[providerName]
            var history: [HistoryMessage] = []
            if stateless {
                // Stateless endpoints: Troupe's own session id names the stored transcript.
                let session = resume ?? UUID().uuidString.lowercased()
                if resume == nil { await rememberSession(session, provider: providerName, generation: generation) }
                history = (try? await deps.history.recent(
                    agent: agent, chat: chat, session: session,
                    maxMessages: deps.runtime.historyMaxMessages, maxChars: deps.runtime.historyMaxChars)) ?? []
                resume = session
            }
            let providerTurn = ProviderTurn(
                agent: agent, chat: chat, prompt: prompt,
                model: record.modelOverride ?? definition.model(on: providerName) ?? resolved.settings.model,
                reasoningEffort: definition.reasoningEffort, systemPrompt: definition.systemPrompt,
                permissionMode: definition.permissionMode, resumeSessionID: stateless ? nil : resume,
                workspace: workspace, attachmentDirectory: attachmentDirectory, environment: environment, history: history)

            let run = provider.start(providerTurn)
            current?.control = run.control
            switch current?.requested ?? .none {
            case .stop: run.control.stop()
            case .interrupt: run.control.interrupt()
            case .none: break
            }
            let watchdog = TurnWatchdog(
                limits: limits, onWarning: { out.yield(.notice($0)) }, onExpire: { run.control.stop() })

            var retry = false
            for await event in run.events {
                watchdog.noteOutput()
                switch event {
                case .started(let sessionID):
                    if let sessionID, !stateless { await rememberSession(sessionID, provider: providerName, generation: generation) }
                    if !startedSent {
                        startedSent = true
                        out.yield(.started(sessionID: stateless ? resume : sessionID))
                    }
                case .finished(var result):
                    if stateless { result.sessionID = resume }
                    if turn.resumed, sessionLost {
                        result.text = "(Troupe restarted while I was working on this, and that session could not be resumed, "
                            + "so I started over in a new one.)\n\n" + (result.text.isEmpty ? streamed : result.text)
                    }
                    currentAnswered = true
                    outcome = .finished
                    // Stored before anyone sees it: after a crash from here on, the answer is delivered, not rerun.
                    do { try await deps.turns.markAnswered(id: turn.id, answer: result.text.isEmpty ? streamed : result.text) } catch {
                        logger.error("could not store the answer", metadata: ["error": "\(error)"])
                    }
                    if let sessionID = result.sessionID, !stateless {
                        await rememberSession(sessionID, provider: providerName, generation: generation)
                    }
                    logger.debug("turn finished", metadata: [
                        "session_id": "\(result.sessionID ?? "-")", "duration_ms": "\(String(format: "%.0f", result.duration / .milliseconds(1)))",
                        "output_tokens": "\(result.usage.outputTokens)",
                    ])
                    out.yield(.finished(result))
                    out.finish()
                    await account(result, prompt: prompt, stateless: stateless, session: resume, generation: generation)
                case .failed(let error):
                    if error.kind == .sessionRejected, attempt == 0, !watchdog.expired, requestedError() == nil {
                        logger.notice("session rejected; retrying with a new one", metadata: ["session_id": "\(resume ?? "-")"])
                        retry = true
                        sessionLost = true
                        continue
                    }
                    let failure = mapFailure(error, watchdog: watchdog, limits: limits)
                    logger.notice("turn failed", metadata: ["kind": "\(failure.kind.rawValue)", "error": "\(failure.message)"])
                    finish(.failed(failure))
                case .text(let delta):
                    if !textSeen, let startedAt {
                        textSeen = true
                        deps.metrics.firstText(agent: agent, provider: providerName, after: ContinuousClock.now - startedAt)
                    }
                    streamed += delta
                    out.yield(event)
                default:
                    out.yield(event)
                }
            }
            watchdog.cancel()
            guard retry else { break }
            sessions[providerName] = nil
            try? await deps.sessions.clear(agent: agent, chat: chat, provider: providerName)
            out.yield(.notice(.sessionNotResumed))
        }
        await deps.runObserver?.runEnded(run: turn.id)
    }

    private func requestedError() -> AgentError? {
        switch current?.requested ?? .none {
        case .stop: AgentError(.stopped)
        case .interrupt: AgentError(.interrupted)
        case .none: nil
        }
    }

    private func mapFailure(_ error: AgentError, watchdog: TurnWatchdog, limits: TurnWatchdog.Limits) -> AgentError {
        if watchdog.expired {
            return AgentError(.timedOut(limit: TurnWatchdog.format(limits.timeout), agent: agent))
        }
        return requestedError() ?? error
    }

    private func rememberSession(_ sessionID: String, provider: String, generation: Int) async {
        guard generation == sessionGeneration, sessions[provider] != sessionID else { return }
        sessions[provider] = sessionID
        do { try await deps.sessions.set(sessionID, agent: agent, chat: chat, provider: provider) } catch {
            deps.logger.error("could not store session id", metadata: ["agent": "\(agent)", "session_id": "\(sessionID)", "error": "\(error)"])
        }
    }

    private func account(_ result: TurnResult, prompt: String, stateless: Bool, session: String?, generation: Int) async {
        record.usage = record.usage + result.usage
        record.costUSD += result.costUSD ?? 0
        record.turns += 1
        do {
            try await deps.conversations.save(record, agent: agent, chat: chat)
            if stateless, let session, generation == sessionGeneration {
                try await deps.history.append(
                    [HistoryMessage(role: .user, content: prompt), HistoryMessage(role: .assistant, content: result.text)],
                    agent: agent, chat: chat, session: session)
            }
        } catch {
            deps.logger.error("could not store turn result", metadata: ["agent": "\(agent)", "error": "\(error)"])
        }
    }

    // MARK: Control

    /// Kills the running turn's process tree and drops everything queued.
    func stop() async -> StopOutcome {
        let dropped = queue
        queue.removeAll()
        for turn in dropped {
            turn.continuation.yield(.failed(AgentError(.droppedByStop)))
            turn.continuation.finish()
            try? await deps.turns.markDone(id: turn.id)
        }
        guard var active = current else { return StopOutcome(stoppedRunning: false, droppedQueued: dropped.count) }
        active.requested = .stop
        current = active
        active.control?.stop()
        await deps.limiter.withdraw(active.id)
        return StopOutcome(stoppedRunning: true, droppedQueued: dropped.count)
    }

    /// Sends SIGINT to the running turn; queued turns still run afterwards.
    func interrupt() async -> Bool {
        guard var active = current, active.requested == .none else { return false }
        active.requested = .interrupt
        current = active
        active.control?.interrupt()
        await deps.limiter.withdraw(active.id)
        return true
    }

    func newSession() async {
        await ensureLoaded()
        sessionGeneration += 1
        sessions.removeAll()
        try? await deps.sessions.clear(agent: agent, chat: chat)
    }

    func setModel(_ model: String?) async throws {
        await ensureLoaded()
        record.modelOverride = model
        try await deps.conversations.save(record, agent: agent, chat: chat)
    }

    func setProvider(_ provider: String?) async throws {
        await ensureLoaded()
        record.providerOverride = provider
        try await deps.conversations.save(record, agent: agent, chat: chat)
    }

    func status() async -> ConversationStatus {
        await ensureLoaded()
        let definition = await deps.directory.definition(agent)
        let provider = record.providerOverride ?? definition?.provider ?? "?"
        return ConversationStatus(
            agent: agent, chat: chat, provider: provider,
            model: record.modelOverride ?? definition?.model(on: provider) ?? deps.resolvedProviders[provider]?.settings.model,
            modelOverride: record.modelOverride, providerOverride: record.providerOverride,
            sessionID: sessions[provider], usage: record.usage, costUSD: record.costUSD, turns: record.turns,
            queueLength: queue.count, busy: current != nil)
    }

    var isIdle: Bool { current == nil && queue.isEmpty }

    /// Process shutdown: the running turn's process tree is killed and nothing more starts, but every
    /// turn keeps its row (running or queued), so the next start resumes them as after a crash.
    func suspend() async {
        suspended = true
        let waiting = queue
        queue.removeAll()
        for turn in waiting { turn.continuation.finish() }
        guard var active = current else { return }
        active.requested = .stop
        current = active
        active.control?.stop()
        await deps.limiter.withdraw(active.id)
    }

    /// Marks an idle conversation retired and returns true; its state is all stored, so a new one can
    /// take over. False (and nothing changes) while a turn runs or waits.
    func retire() -> Bool {
        guard isIdle, !workerRunning else { return false }
        retired = true
        return true
    }
}

/// What `stop` did, so a transport can say so.
public struct StopOutcome: Sendable, Equatable {
    public var stoppedRunning: Bool
    public var droppedQueued: Int
}

/// A submitted turn: its id and its events (ending with `finished` or `failed`).
public struct AgentTurn: Sendable {
    public let id: TurnID
    public let events: AsyncStream<AgentEvent>
    /// True if this origin was submitted before: nothing runs and `events` ends at once, without an event.
    public var isDuplicate = false

    public init(id: TurnID, events: AsyncStream<AgentEvent>, isDuplicate: Bool = false) {
        self.id = id
        self.events = events
        self.isDuplicate = isDuplicate
    }

    static var duplicate: AgentTurn {
        let (events, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        continuation.finish()
        return AgentTurn(id: TurnID.make(), events: events, isDuplicate: true)
    }
}
