import AsyncHTTPClient
import Foundation
import GRDB
import Logging

/// The Agents module's front door. A transport hands it (agent, chat, text,
/// files) and reads back a stream of `AgentEvent`s; everything about tools,
/// processes, sessions and queues stays behind this actor. It never learns
/// which messenger a chat belongs to.
public actor AgentRuntime {
    /// What the runtime runs with now; `reconfigure` replaces it.
    public nonisolated var configuration: AgentsConfiguration { current.configuration }
    private nonisolated let current: CurrentConfiguration
    private let httpClient: HTTPClient?
    /// Turns and runs for monitoring; made from the metrics factory current when the runtime is created.
    public nonisolated let metrics: AgentMetrics
    /// What `!model` offers for each provider.
    public nonisolated let models: ModelCatalog
    private let deps: ConversationDependencies
    private var conversations: [ConversationKey: Conversation] = [:]
    /// Idle conversations are kept in memory up to this many; past it, idle ones are retired (everything
    /// they hold is stored, so the next message simply loads them again). Busy ones are never retired.
    public static let idleConversationLimit = 64
    private var submitted = 0

    /// - Parameters:
    ///   - stores: on a database already migrated with `AgentsSchema.registerMigrations`.
    ///   - dataDirectory: workspaces go under `<data>/agents/<name>/workspace`.
    ///   - httpClient: for OpenAI-compatible providers; the default fails fast when an endpoint is down.
    ///   - environment: extra child variables per (agent, chat).
    ///   - runObserver: told when each tool run starts (its variables join the child's environment) and ends,
    ///     e.g. to mint and revoke a per-run control API token.
    /// - Throws: `ConfigValidationErrors` if the configuration is invalid.
    public init(
        configuration: AgentsConfiguration,
        stores: AgentStores,
        dataDirectory: URL,
        httpClient: HTTPClient? = nil,
        environment: @escaping @Sendable (_ agent: String, _ chat: ChatKey) -> [String: String] = { _, _ in [:] },
        runObserver: (any RunObserver)? = nil,
        logger: Logger = Logger(label: "troupe.agents")
    ) throws {
        try configuration.validate()
        self.httpClient = httpClient
        let providers = ProviderSet(configuration, httpClient: httpClient)
        let current = CurrentConfiguration(configuration)
        self.current = current
        models = ModelCatalog(providers: configuration.resolvedProviders, httpClient: httpClient ?? AgentsHTTPClient.shared, logger: logger)
        let metrics = AgentMetrics()
        self.metrics = metrics
        self.deps = ConversationDependencies(
            directory: AgentDirectory(configured: configuration.agents, store: stores.agents),
            providers: providers,
            current: current,
            runtime: configuration.runtime,
            limiter: TurnLimiter(limit: configuration.runtime.maxConcurrentTurns),
            sessions: stores.sessions,
            conversations: stores.conversations,
            history: stores.history,
            turns: stores.turns(UUID().uuidString),
            maintenance: stores.maintenance,
            dataDirectory: dataDirectory,
            environment: environment,
            runObserver: runObserver,
            metrics: metrics,
            logger: logger)
    }

    /// The runtime on SQLite (`AgentStores.sqlite`); `database` is already migrated with `AgentsSchema.registerMigrations`.
    public init(
        configuration: AgentsConfiguration,
        database: any DatabaseWriter,
        dataDirectory: URL,
        httpClient: HTTPClient? = nil,
        environment: @escaping @Sendable (_ agent: String, _ chat: ChatKey) -> [String: String] = { _, _ in [:] },
        runObserver: (any RunObserver)? = nil,
        logger: Logger = Logger(label: "troupe.agents")
    ) throws {
        try self.init(configuration: configuration, stores: .sqlite(database), dataDirectory: dataDirectory, httpClient: httpClient,
                      environment: environment, runObserver: runObserver, logger: logger)
    }

    private func conversation(_ agent: String, _ chat: ChatKey) -> Conversation {
        let key = ConversationKey(agent: agent, chat: chat)
        if let existing = conversations[key] { return existing }
        let created = Conversation(agent: agent, chat: chat, dependencies: deps)
        conversations[key] = created
        return created
    }

    // MARK: Turns

    /// Queues a message for `agent` in `chat`. The returned stream starts with
    /// `queued` if other turns are ahead and always ends with `finished` or `failed`
    /// (an unknown agent fails at once).
    ///
    /// With an `origin`, the turn runs at most once per (agent, chat, origin): submitting the same origin again
    /// (an event handled again after a crash) returns a turn with `isDuplicate` set and runs nothing. Its answer
    /// is kept as undelivered until `turnDelivered` is called, and delivered from `recoverInterruptedTurns` otherwise.
    /// - Parameter fetch: downloads `attachments` when the turn starts and returns them as stored (the prompt follows
    ///   a renamed file); a failure fails the turn with its message.
    public func submit(agent: String, chat: ChatKey, text: String, attachments: [Attachment] = [],
                       fetch: AttachmentFetch? = nil, origin: TurnOrigin? = nil) async -> AgentTurn {
        guard await deps.directory.definition(agent) != nil else {
            let (events, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
            continuation.yield(.failed(AgentError(.unknownAgent(agent))))
            continuation.finish()
            return AgentTurn(id: TurnID.make(), events: events)
        }
        submitted += 1
        if submitted % 500 == 0 { try? await deps.turns.prune() }
        let turn = await withLiveConversation(agent, chat) { await $0.enqueue(text: text, attachments: attachments, fetch: fetch, origin: origin) }
        await retireIdleConversations(keeping: ConversationKey(agent: agent, chat: chat))
        return turn
    }

    /// Takes up a turn that `recoverInterruptedTurns` said to resume; its events stream like a new turn's.
    /// Nil if it was taken up already or its agent is gone.
    public func resume(_ turn: InterruptedTurn) async -> AgentTurn? {
        guard await deps.directory.definition(turn.agent) != nil else {
            try? await deps.turns.markDone(id: turn.id, delivered: true)
            return nil
        }
        for _ in 0..<3 {
            let conversation = self.conversation(turn.agent, turn.chat)
            if let resumed = await conversation.resume(turn) { return resumed }
            guard (try? await deps.turns.state(of: turn.id)) == "interrupted" else { return nil }
            dropIfRetired(ConversationKey(agent: turn.agent, chat: turn.chat), conversation)
        }
        return nil
    }

    /// Who asked for a turn, as its transport named them when it submitted it; nil when it did not say.
    public func requester(of turn: TurnID) async -> String? {
        (try? await deps.turns.requester(of: turn)) ?? nil
    }

    /// The transport has shown the turn's answer (or its failure): the stored copy is no longer needed.
    public func turnDelivered(_ id: TurnID) async {
        do { try await deps.turns.markDone(id: id, delivered: true) } catch {
            deps.logger.error("could not mark a turn delivered", metadata: ["turn": "\(id)", "error": "\(error)"])
        }
    }

    /// Runs `body` on the live conversation, making a new one if the one found was retired meanwhile.
    private func withLiveConversation(_ agent: String, _ chat: ChatKey,
                                      _ body: (Conversation) async -> AgentTurn?) async -> AgentTurn {
        while true {
            let conversation = self.conversation(agent, chat)
            if let turn = await body(conversation) { return turn }
            dropIfRetired(ConversationKey(agent: agent, chat: chat), conversation)
        }
    }

    private func dropIfRetired(_ key: ConversationKey, _ conversation: Conversation) {
        if conversations[key] === conversation { conversations[key] = nil }
    }

    /// Past `idleConversationLimit`, idle conversations (other than `keeping`) are dropped.
    private func retireIdleConversations(keeping: ConversationKey) async {
        guard conversations.count > Self.idleConversationLimit else { return }
        for (key, conversation) in conversations where key != keeping {
            if await conversation.retire() { dropIfRetired(key, conversation) }
        }
    }

    /// How many conversations are held in memory (for tests and status).
    public var liveConversationCount: Int { conversations.count }

    /// Kills the running turn's whole process tree and drops the queue.
    @discardableResult
    public func stop(agent: String, chat: ChatKey) async -> StopOutcome {
        guard let existing = conversations[ConversationKey(agent: agent, chat: chat)] else {
            return StopOutcome(stoppedRunning: false, droppedQueued: 0)
        }
        return await existing.stop()
    }

    /// SIGINT to the running turn; what is queued still runs. Returns false if nothing was running.
    @discardableResult
    public func interrupt(agent: String, chat: ChatKey) async -> Bool {
        guard let existing = conversations[ConversationKey(agent: agent, chat: chat)] else { return false }
        return await existing.interrupt()
    }

    /// `stop` for every conversation.
    public func stopAll() async {
        for conversation in conversations.values { _ = await conversation.stop() }
    }

    /// Process shutdown: kills running turns' processes but keeps every running and queued turn stored,
    /// so the next start resumes them as after a crash.
    public func suspendAll() async {
        for conversation in conversations.values { await conversation.suspend() }
    }

    /// Forgets a chat that ends for good (a named side session): its idle conversations, and every agent's
    /// sessions, totals and history in it. A conversation still working there is left alone.
    public func forget(chat: ChatKey) async throws {
        for (key, conversation) in conversations where key.chat == chat {
            guard await conversation.retire() else { return }
            dropIfRetired(key, conversation)
        }
        try await deps.maintenance.forget(chat: chat)
    }

    // MARK: Conversation settings

    /// Forgets every provider's session for this conversation; the next turn starts fresh.
    public func newSession(agent: String, chat: ChatKey) async {
        await conversation(agent, chat).newSession()
    }

    /// Never waits for a running turn. Nil for an unknown agent.
    public func status(agent: String, chat: ChatKey) async -> ConversationStatus? {
        guard await deps.directory.definition(agent) != nil else { return nil }
        return await conversation(agent, chat).status()
    }

    /// Model for this conversation from the next turn on; nil returns to the configured one.
    /// The name must pass `ModelName`: it ends up in the CLI's argv.
    public func setModel(_ model: String?, agent: String, chat: ChatKey) async throws {
        try await requireAgent(agent)
        if let model { try ModelName.validate(model) }
        try await conversation(agent, chat).setModel(model)
    }

    /// Provider for this conversation from the next turn on; each provider keeps its own
    /// session, so switching back resumes where that provider left off. Nil returns to the configured one.
    public func setProvider(_ provider: String?, agent: String, chat: ChatKey) async throws {
        try await requireAgent(agent)
        if let provider, deps.providers[provider] == nil {
            throw AgentError(.unknownProvider(provider, known: deps.providers.names))
        }
        try await conversation(agent, chat).setProvider(provider)
    }

    /// Whether someone may move `agent` onto `provider`: admins may pick any configured provider, everyone
    /// else only the agent's own and those in its `allowed_providers`. A provider decides which tools and
    /// credentials a turn runs with, so chat text alone must not choose one.
    public func authorizeProvider(_ provider: String, agent: String, admin: Bool) async throws {
        guard let definition = await deps.directory.definition(agent) else {
            throw AgentError(.unknownAgent(agent))
        }
        guard deps.providers[provider] != nil else {
            throw AgentError(.unknownProvider(provider, known: deps.providers.names))
        }
        guard admin || definition.allowsProvider(provider) else {
            throw AgentError(.providerNotAllowed(agent: agent, provider: provider, allowed: [definition.provider] + definition.allowedProviders))
        }
    }

    private func requireAgent(_ agent: String) async throws {
        guard await deps.directory.definition(agent) != nil else {
            throw AgentError(.unknownAgent(agent))
        }
    }

    // MARK: Agents

    public func agents() async -> [String: AgentDefinition] { await deps.directory.all() }

    /// Adds (or replaces) a run-time agent; it persists across restarts. Configured agents cannot be replaced.
    public func addAgent(_ name: String, _ definition: AgentDefinition) async throws {
        var config = configuration
        config.agents[name] = definition
        try config.validate()
        if await deps.directory.isConfigured(name) {
            throw AgentError(.agentInConfig(name, remove: false))
        }
        try await deps.directory.add(name, definition)
    }

    /// Takes a new `agents:`/`providers:` configuration (a config reload): agents added, removed or changed and
    /// providers changed apply from each conversation's next turn; running turns finish as they started. The
    /// `runtime:` limits are fixed at start-up, so a change there is ignored here (the caller names it as
    /// needing a restart). Conversations of agents no longer configured are stopped.
    /// - Returns: the configured agents that were removed.
    @discardableResult
    public func reconfigure(_ new: AgentsConfiguration) async throws -> [String] {
        var configuration = new
        configuration.runtime = self.configuration.runtime
        try configuration.validate()
        deps.providers.replace(with: configuration, httpClient: httpClient)
        await models.replace(providers: configuration.resolvedProviders)
        let removed = await deps.directory.reconfigure(configuration.agents)
        for (key, conversation) in conversations where removed.contains(key.agent) {
            _ = await conversation.stop()
            conversations[key] = nil
        }
        current.replace(configuration)
        return removed
    }

    /// Removes a run-time agent and stops its conversations. Its sessions, history and totals stay
    /// (adding it again resumes them) unless `purge` deletes them.
    public func removeAgent(_ name: String, purge: Bool = false) async throws {
        if await deps.directory.isConfigured(name) {
            throw AgentError(.agentInConfig(name, remove: true))
        }
        for (key, conversation) in conversations where key.agent == name {
            _ = await conversation.stop()
            conversations[key] = nil
        }
        try await deps.directory.remove(name)
        if purge { try await deps.maintenance.purge(agent: name) }
    }

    // MARK: Start-up

    /// Turns a previous process left unfinished, each with what to do (`InterruptedTurn.Recovery`):
    /// deliver the stored answer (then `turnDelivered`), `resume` it, or tell the user it was given up.
    /// Call once at start-up.
    public func recoverInterruptedTurns() async throws -> [InterruptedTurn] {
        try await deps.turns.recoverInterrupted()
    }

    /// The folder for files users send to `agent` in `chat` (created owner-only). Outside the workspace,
    /// so another chat's `<file:…>` cannot reach it.
    public func attachmentFolder(agent: String, chat: ChatKey) throws -> URL {
        try AttachmentFolder.prepare(agent: agent, chat: chat, dataDirectory: deps.dataDirectory)
    }

    /// The places an answer in `chat` may send files from with `<file:…>`: the agent's workspace, then
    /// that chat's attachment folder.
    public func fileRoots(agent: String, chat: ChatKey) async -> [URL] {
        guard let workspace = await workspace(of: agent) else { return [] }
        return [workspace, AttachmentFolder.directory(agent: agent, chat: chat, dataDirectory: deps.dataDirectory)]
    }

    /// Where an agent's tool runs.
    public func workspace(of agent: String) async -> URL? {
        guard let definition = await deps.directory.definition(agent) else { return nil }
        return Workspace.directory(for: agent, definition: definition, dataDirectory: deps.dataDirectory)
    }
}
