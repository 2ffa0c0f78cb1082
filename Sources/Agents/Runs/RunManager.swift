import Foundation
import GRDB
import Logging

/// Owns sub-agent runs: admission against the limits, the queue under `max_concurrent`, execution as
/// turns of the runtime in each run's own chat, kill cascades, and durable delivery of results.
/// Knows nothing of transports: results leave through a `ResultSink`, progress through `updates()`.
public actor RunManager {
    let runtime: AgentRuntime
    let settings: RunSettings
    let limits: RunLimits
    let store: any RunStore
    let deliveries: any DeliveryStore
    let prompts: any RunPromptStore
    let logger: Logger

    /// Unfinished runs; finished ones live only in the store.
    var active: [RunID: Run] = [:]
    /// Waiting for a slot under `max_concurrent`, first come first served.
    var queue: [RunID] = []
    var executors: [RunID: Task<Void, Never>] = [:]
    var timers: [RunID: Task<Void, Never>] = [:]
    /// Instructions for a run's next turns: steers and results of its children.
    var pendingPrompts: [RunID: [String]] = [:]
    /// Interrupted runs put back in the queue: their first turn continues instead of starting over.
    var resumedRuns: Set<RunID> = []
    /// Runs past their last turn, on their way to a final state.
    var closing: Set<RunID> = []
    /// Why a run is being ended from outside, so its executor records the right final state.
    var endRequests: [RunID: RunState] = [:]
    /// Kill roots whose requester should hear about the cancellation.
    var notifyOnCancel: Set<RunID> = []
    var finishWaiters: [RunID: [CheckedContinuation<Run, Never>]] = [:]
    var subscribers: [UUID: AsyncStream<RunUpdate>.Continuation] = [:]

    var sink: (any ResultSink)?
    var questionAsker: (any RunQuestionAsker)?
    var deliveryLoop: Task<Void, Never>?
    var deliveringNow: Set<Int64> = []
    var wakeContinuation: CheckedContinuation<Void, Never>?
    var wakePending = false
    var stopped = false
    /// Conversations answering a run's `askParent`; shutdown stops them so the waiting request can end.
    var pendingQuestions: [UUID: (agent: String, chat: ChatKey)] = [:]

    /// - Parameter settings: defaults to the runtime's `runtime.runs`.
    public init(runtime: AgentRuntime, stores: RunStores, settings: RunSettings? = nil,
                logger: Logger = Logger(label: "troupe.runs")) {
        self.runtime = runtime
        self.settings = settings ?? runtime.configuration.runtime.runs
        self.limits = RunLimits(settings: self.settings)
        self.store = stores.runs
        self.deliveries = stores.deliveries
        self.prompts = stores.prompts
        self.logger = logger
    }

    /// On the SQLite database `database`.
    public init(runtime: AgentRuntime, database: any DatabaseWriter, settings: RunSettings? = nil,
                logger: Logger = Logger(label: "troupe.runs")) {
        self.init(runtime: runtime, stores: .sqlite(database), settings: settings, logger: logger)
    }

    // MARK: Life cycle

    /// Call once at start-up: marks the previous process's unfinished runs `interrupted` (their requesters are
    /// told through the delivery queue) and starts delivering. Returns the interrupted runs.
    @discardableResult
    public func start(sink: (any ResultSink)? = nil) async throws -> [Run] {
        if let sink { self.sink = sink }
        let recovered = try await store.recoverInterrupted()
        try await deliveries.pruneDelivered(olderThan: 7 * 24 * 3600)
        let pruned = try await store.prune()
        if pruned > 0 { logger.info("pruned old runs", metadata: ["count": "\(pruned)"]) }
        for run in recovered {
            noteState(run.state)
            publish(.state(run))
        }
        if deliveryLoop == nil { deliveryLoop = Task { await self.runDeliveries() } }
        return recovered
    }

    /// The transport's sink; deliveries wait (without using up attempts) until there is one.
    public func setSink(_ sink: any ResultSink) {
        self.sink = sink
        wake()
    }

    /// The transport that puts top-level runs' questions to the people in their chat (see `askParent`).
    public func setQuestionAsker(_ asker: any RunQuestionAsker) {
        questionAsker = asker
    }

    /// Stops delivering and kills every unfinished run's process tree; the runs stay unfinished in the store,
    /// so the next start reports them `interrupted`.
    public func shutdown() async {
        stopped = true
        deliveryLoop?.cancel()
        wake()
        for timer in timers.values { timer.cancel() }
        for run in active.values where run.state == .running { await runtime.stop(agent: run.agent, chat: run.chat) }
        for question in pendingQuestions.values { await runtime.stop(agent: question.agent, chat: question.chat) }
    }

    /// Every change from now on. The stream ends when the caller stops iterating.
    public func updates() -> AsyncStream<RunUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(of: RunUpdate.self, bufferingPolicy: .bufferingNewest(1024))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    /// For the metrics: a run entered `state` (called after `active` reflects it).
    func noteState(_ state: RunState) { runtime.metrics.run(entered: state, active: active.values) }

    func publish(_ update: RunUpdate) {
        for continuation in subscribers.values { continuation.yield(update) }
    }

    // MARK: Spawning

    /// Admits, records and queues a run. `parent` is the run the requesting agent is working in, if any:
    /// the new run is its child, one level deeper, and reports back to it instead of to the chat.
    public func spawn(_ request: RunRequest, parent parentID: RunID? = nil) async throws -> Run {
        let task = request.task.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !task.isEmpty else { throw RunError(.badRequest, "the task is empty; say what the sub-agent should do") }
        let agents = await runtime.agents()
        guard agents[request.agent] != nil else {
            throw RunError(.unknownAgent, "there is no agent named \"\(request.agent)\" (agents: \(agents.keys.sorted().joined(separator: ", ")))")
        }
        if let provider = request.provider, runtime.configuration.resolvedProviders[provider] == nil {
            throw RunError(.badRequest, "unknown provider \"\(provider)\" (known: \(runtime.configuration.resolvedProviders.keys.sorted().joined(separator: ", ")))")
        }
        // Spawns come from agents (the control API), never from an admin: the provider must be one the worker
        // agent allows, and the model must not be readable as a CLI flag.
        if let provider = request.provider {
            do { try await runtime.authorizeProvider(provider, agent: request.agent, admin: false) } catch let error as AgentError {
                throw RunError(.badRequest, error.message)
            }
        }
        if let model = request.model, !ModelName.isValid(model) {
            throw RunError(.badRequest, "\"\(model.prefix(80))\" is not a model name (it must match \(ModelName.pattern))")
        }
        if let timeout = request.timeout, !(timeout > 0) { throw RunError(.badRequest, "timeout must be greater than 0 seconds") }
        if let budget = request.tokenBudget, budget < 1 { throw RunError(.badRequest, "token_budget must be at least 1") }

        var routing = request.routing
        var depth = 1
        var rootChat = routing.chat
        if let parentID {
            guard let parent = try await lookup(parentID) else { throw RunError(.notFound, "there is no run \(parentID)") }
            depth = parent.depth + 1
            rootChat = parent.rootChat
            routing.origin = routing.origin ?? parent.routing.origin
            routing.user = routing.user ?? parent.routing.user
        }
        var run = Run(
            id: RunID.make(), parent: parentID, depth: depth, routing: routing, rootChat: rootChat, task: task,
            agent: request.agent, role: request.role, provider: request.provider, model: request.model,
            state: .accepted, result: nil, error: nil, usage: .zero, costUSD: 0,
            timeout: request.timeout ?? settings.runTimeout, tokenBudget: request.tokenBudget ?? settings.tokenBudget,
            delivery: .none, deliveryError: nil, createdAt: Date(), startedAt: nil, finishedAt: nil)
        try limits.admit(run, active: Array(active.values))
        run.state = .queued
        // Counted from here on: a spawn that comes in while this one is being stored must see it.
        active[run.id] = run
        do {
            try await store.save(run)
        } catch {
            active[run.id] = nil
            throw error
        }
        queue.append(run.id)
        logger.info("run queued", metadata: ["run_id": "\(run.id)", "agent": "\(run.agent)", "parent": "\(parentID?.rawValue ?? "-")", "depth": "\(depth)"])
        noteState(run.state)
        publish(.state(run))
        pump()
        return run
    }

    /// Puts an interrupted run back in the queue under the same limits as a new one; it continues in its own session.
    public func resume(_ id: RunID) async throws -> Run {
        guard var run = try await lookup(id) else { throw RunError(.notFound, "there is no run \(id)") }
        guard run.state == .interrupted else {
            throw RunError(.conflict, "run \(id) is \(run.state.rawValue); only an interrupted run can be resumed")
        }
        guard active[id] == nil else { throw RunError(.conflict, "run \(id) is already being resumed") }
        try limits.admit(run, active: Array(active.values))
        run.state = .queued
        run.error = nil
        run.failure = nil
        run.finishedAt = nil
        run.delivery = .none
        active[id] = run
        do {
            try await store.save(run)
        } catch {
            active[id] = nil
            throw error
        }
        resumedRuns.insert(id)
        // Children's results and steers that arrived before the restart are its next instructions.
        if let waiting = try? await prompts.pending(run: id), !waiting.isEmpty { pendingPrompts[id] = waiting }
        queue.append(id)
        noteState(run.state)
        publish(.state(run))
        pump()
        return run
    }

    // MARK: Queries

    /// Unfinished runs from memory, finished ones from the store.
    public func run(_ id: RunID) async throws -> Run? { try await lookup(id) }

    func lookup(_ id: RunID) async throws -> Run? {
        if let run = active[id] { return run }
        return try await store.run(id)
    }

    /// Newest first, unfinished ones as they are this moment.
    public func list(limit: Int = 200) async throws -> [Run] {
        try await store.recent(limit: limit).map { active[$0.id] ?? $0 }
    }

    public var activeRuns: [Run] { active.values.sorted { $0.createdAt < $1.createdAt } }

    /// True if `id` is `ancestor` or lies below it (walking up through finished runs too).
    public func isDescendant(_ id: RunID, of ancestor: RunID) async throws -> Bool {
        var current: RunID? = id
        var seen: Set<RunID> = []
        while let step = current, seen.insert(step).inserted {
            if step == ancestor { return true }
            current = try await lookup(step)?.parent
        }
        return false
    }

    /// Waits until the run has finished and returns it as it ended.
    public func waitUntilFinished(_ id: RunID) async throws -> Run {
        if active[id] == nil {
            guard let run = try await store.run(id) else { throw RunError(.notFound, "there is no run \(id)") }
            return run
        }
        return await withCheckedContinuation { finishWaiters[id, default: []].append($0) }
    }

    // MARK: Control

    /// Adds an instruction the run works on after its current turn. Only unfinished runs can be steered.
    public func steer(_ id: RunID, _ text: String) async throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw RunError(.badRequest, "the instruction is empty") }
        guard active[id] != nil else {
            guard let run = try await store.run(id) else { throw RunError(.notFound, "there is no run \(id)") }
            throw RunError(.conflict, "run \(id) is \(run.state.rawValue); spawn a new run instead")
        }
        try await prompts.add(RunPrompts.steer(text), run: id)
        pendingPrompts[id, default: []].append(RunPrompts.steer(text))
    }

    /// Moves an unfinished run under another parent (nil: top level, reporting to `routing`'s chat).
    /// Refused if it would make a run its own ancestor or break a limit.
    public func reparent(_ id: RunID, to newParent: RunID?) async throws -> Run {
        guard let run = active[id] else { throw RunError(.conflict, "run \(id) is not unfinished; only those can be moved") }
        let subtree = activeSubtree(of: id)
        var candidate = run
        candidate.parent = newParent
        if let newParent {
            if try await isDescendant(newParent, of: id) {
                throw RunError(.conflict, "run \(newParent) is \(newParent == id ? "the run itself" : "below run \(id)"); making it the parent would create a cycle")
            }
            guard let parent = try await lookup(newParent) else { throw RunError(.notFound, "there is no run \(newParent)") }
            candidate.depth = parent.depth + 1
            candidate.rootChat = parent.rootChat
            candidate.routing.agent = parent.agent
            candidate.routing.chat = parent.chat
        } else {
            candidate.depth = 1
        }
        let shift = candidate.depth - run.depth
        let deepest = (subtree.map(\.depth).max() ?? run.depth) + shift
        try limits.admitMove(candidate, deepest: deepest, active: active.values.filter { $0.id != id })
        // Memory first, all at once, so nothing admitted meanwhile counts against the old shape.
        var moved = [candidate]
        for var below in subtree where below.id != id {
            below.depth += shift
            below.rootChat = candidate.rootChat
            moved.append(below)
        }
        for run in moved { active[run.id] = run }
        try await store.save(moved)
        publish(.state(candidate))
        return candidate
    }

    /// Unfinished runs at and below `id`, deepest first.
    func activeSubtree(of id: RunID) -> [Run] {
        var result: [Run] = []
        var frontier = [id]
        while let next = frontier.popLast() {
            if let run = active[next] { result.append(run) }
            frontier += active.values.filter { $0.parent == next }.map(\.id)
        }
        return result.sorted { $0.depth > $1.depth }
    }

    /// Ends the run and every unfinished run below it: all their process trees are killed first, then each
    /// becomes `cancelled` (once). `notify` tells the requester of `id` (never of the runs below it).
    /// Returns the runs it ended, as they ended.
    @discardableResult
    public func kill(_ id: RunID, notify: Bool = false) async throws -> [Run] {
        guard try await lookup(id) != nil else { throw RunError(.notFound, "there is no run \(id)") }
        let doomed = activeSubtree(of: id).filter { endRequests[$0.id] == nil }
        if notify, active[id] != nil { notifyOnCancel.insert(id) }
        for run in doomed { endRequests[run.id] = .cancelled }
        for run in doomed where executors[run.id] != nil {
            await runtime.stop(agent: run.agent, chat: run.chat)
        }
        var ended: [Run] = []
        for run in doomed {
            if let executor = executors[run.id] {
                await executor.value
            } else {
                queue.removeAll { $0 == run.id }
                await finish(run.id, .cancelled, failure: .killedBeforeStart)
            }
            if let final = try await store.run(run.id) { ended.append(final) }
        }
        return ended
    }

    /// Kills every unfinished top-level run of a chat (and all below them).
    @discardableResult
    public func killAll(chat: ChatKey, notify: Bool = false) async throws -> [Run] {
        var ended: [Run] = []
        for run in activeRuns where run.routing.chat == chat { ended += try await kill(run.id, notify: notify) }
        return ended
    }

    /// A run's question to whoever asked for it: a nested run's parent agent answers as a turn of its
    /// conversation; a top-level run's question goes to the people in its chat when the transport can ask
    /// them (`RunQuestionAsker`), else to the requesting agent. Returns the answer.
    public func askParent(from id: RunID, question: String) async throws -> String {
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw RunError(.badRequest, "the question is empty") }
        guard let run = active[id] else { throw RunError(.conflict, "run \(id) is not running") }
        var agent = run.routing.agent
        var chat = run.routing.chat
        if let parentID = run.parent, let parent = try await lookup(parentID) {
            agent = parent.agent
            chat = parent.chat
        } else if let questionAsker {
            do {
                return try await questionAsker.ask(question, run: run)
            } catch let error as RunError where error.kind == .notFound {
                logger.info("nobody to ask in the run's chat; the requesting agent answers",
                            metadata: ["run_id": "\(id)", "reason": "\(error.message)"])
            }
        }
        let asking = UUID()
        pendingQuestions[asking] = (agent, chat)
        defer { pendingQuestions[asking] = nil }
        return try await answer(agent: agent, chat: chat, prompt: RunPrompts.question(from: run, question))
    }

    /// Runs one turn and returns its final text.
    func answer(agent: String, chat: ChatKey, prompt: String) async throws -> String {
        let turn = await runtime.submit(agent: agent, chat: chat, text: prompt)
        for await event in turn.events {
            switch event {
            case .finished(let result): return result.text
            case .failed(let error): throw RunError(.conflict, "\(agent) could not answer: \(error.message)")
            default: continue
            }
        }
        throw RunError(.conflict, "\(agent) ended its turn without an answer")
    }
}
