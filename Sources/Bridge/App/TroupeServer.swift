import AgentControl
import Agents
import AsyncHTTPClient
import Foundation
import GRDB
import Hummingbird
import Logging
import MatrixAppService
import MatrixCrypto
import Prometheus
import ServiceLifecycle

/// Everything `troupe run` runs, assembled from the config: the database, the appservice endpoint,
/// the dispatcher and its handlers, and the start-up check.
public struct TroupeServer: Sendable {
    public let config: TroupeConfig
    let logger: Logger
    let holdInbox: Bool
    /// What `GET /metrics` shows when `metrics.enabled`: the registry of the factory `troupe run` bootstrapped.
    let metricsRegistry: PrometheusCollectorRegistry?
    /// The file `config` came from: watched, and read again on SIGHUP. Nil: the config never changes.
    let configPath: String?

    public init(config: TroupeConfig, logger: Logger, holdInbox: Bool = false, metricsRegistry: PrometheusCollectorRegistry? = nil,
                configPath: String? = nil) {
        self.config = config
        self.configPath = configPath
        self.logger = logger
        self.holdInbox = holdInbox
        self.metricsRegistry = metricsRegistry
    }

    /// Every module's migrations, in the order they are applied.
    static var migrations: [(inout DatabaseMigrator) -> Void] {
        [AppServiceSchema.registerMigrations, AgentsSchema.registerMigrations, BridgeSchema.registerMigrations, CryptoSchema.registerMigrations]
    }

    /// The SQLite file of `database.uri`, migrated; with PostgreSQL configured, the error saying it is not a file.
    public static func openDatabase(_ config: TroupeConfig) throws -> DatabasePool {
        guard case .sqlite(let path) = config.database else { throw DatabaseIsNotSQLite() }
        return try TroupeDatabase.open(path: path, migrations: migrations)
    }

    /// Runs until SIGINT/SIGTERM, then stops taking transactions, finishes the one in hand, and returns.
    public func run() async throws {
        // From the start: a SIGHUP must never end the process, only reload the config.
        ConfigReloader.takeOverHangup()
        // Before the work starts: fewer malloc arenas, so freed memory is reused instead of piling up per thread.
        MemoryTrim.limitArenas()
        // Everything Troupe writes (database, WAL, attachments, workspaces) is its user's alone.
        PrivateFiles.restrictUmask()
        try PrivateFiles.createDirectory(URL(fileURLWithPath: config.dataDirectory))
        switch config.database {
        case .sqlite(let path):
            let database = try TroupeDatabase.open(path: path, migrations: Self.migrations)
            try await serve(.sqlite(database), upkeep: [.init(service: WALCheckpointer(path: path, logger: LogModule.appservice.logger))])
        case .postgres(let uri, let connections):
            try await withActivePostgres(uri: uri, maxConnections: connections) { pool in
                try await serve(.postgres(pool), upkeep: [])
            }
        }
    }

    /// Everything but the database: the appservice, the agents, the transports and their loops, on `stores`.
    /// `upkeep` are the database's own services (SQLite's WAL checkpoints).
    func serve(_ stores: TroupeStores, upkeep: [ServiceGroupConfiguration.ServiceConfiguration]) async throws {
        let live = LiveConfig(config)
        let state = stores.state
        let inbox = stores.inbox
        let appserviceLog = LogModule.appservice.logger, matrixLog = LogModule.matrix.logger, automationLog = LogModule.automation.logger
        let client = HomeserverClient(baseURL: config.homeserverAddress, asToken: config.asToken, logger: appserviceLog)
        let appservice = AppService(settings: config.settings, client: client, state: state)
        let troupeBinary = Self.executablePath()
        let controlTokens = ControlTokens(controlURL: config.control.url, troupeBinary: troupeBinary)
        let geminiSettings = troupeBinary.map(writeGeminiMCPSettings(troupeBinary:)) ?? nil
        let withTools: @Sendable (AgentsConfiguration) -> AgentsConfiguration = { agents in
            troupeBinary.map { MCPRegistration.registering(in: agents, troupeBinary: $0, geminiSettingsFile: geminiSettings) } ?? agents
        }
        let agents = withTools(config.agents)
        let runtime = try AgentRuntime(configuration: agents, stores: stores.agents,
                                       dataDirectory: URL(fileURLWithPath: config.dataDirectory),
                                       runObserver: controlTokens, logger: LogModule.agents.logger)
        // A delegated turn whose asker was stopped (or died) has nobody to answer: it stops too.
        await controlTokens.setOrphanHandler { agent, chat in await runtime.stop(agent: agent, chat: chat) }
        // Recovery before the control API opens: runs left unfinished by the last process become interrupted
        // (their requesters are told once the homeserver is reachable), and none of this process's runs are touched.
        let runs = RunManager(runtime: runtime, stores: stores.runs, logger: LogModule.runs.logger)
        try await runs.start()
        let names: @Sendable () async -> [String] = { await runtime.agents().keys.sorted() }
        // The language of Troupe's own chat texts, for every transport; a config reload sets it with `setDefault`.
        let languages = ChatLanguages(default: config.language, store: stores.bridge.languages, logger: logger)
        let presence = AgentPresence(appservice: appservice, runtime: runtime, store: stores.bridge.bridge, liveOwners: live.live(\.owners),
                                     encryptRooms: config.encryption.createsRoomsEncrypted,
                                     botDisplayname: config.bot.displayname, botAvatar: config.bot.avatar, logger: matrixLog,
                                     commandPrefix: config.commands.prefix, configPath: config.filePath, languages: languages)

        // Diagnostic only (the memory benchmark's "unbounded" comparison): how much parsed backlog to hold.
        let parsedBudget = ProcessInfo.processInfo.environment["TROUPE_DEBUG_PARSED_BUDGET_BYTES"].flatMap(Int.init)
            ?? Dispatcher.defaultParsedBudgetBytes
        let dispatcher = Dispatcher(inbox: inbox, state: state, hold: holdInbox, parsedBudgetBytes: parsedBudget, logger: appserviceLog)
        // Encryption (only with encryption.allow): its handler stores keys and decrypts before the bridge sees the timeline.
        let crypto = CryptoStartup.make(config: config, store: stores.crypto, appservice: appservice, presence: presence, logger: LogModule.crypto.logger)
        if let crypto { await crypto.plug(into: dispatcher) }
        let questions = PendingQuestions()
        await runs.setQuestionAsker(MatrixRunQuestions(presence: presence, questions: questions, logger: matrixLog))
        // Scheduled jobs: the scheduler runs them through the routers, which join once they exist.
        let jobRunner = JobRunner(logger: automationLog)
        let scheduler = JobScheduler(store: stores.bridge.jobs, grace: config.automation.grace, logger: automationLog) { job in await jobRunner.run(job.turn) }
        let automation = AutomationServices(jobs: stores.bridge.jobs, scheduler: scheduler, settings: live.live(\.automation), webhooks: stores.bridge.webhooks)
        let matrix = MatrixBridge(appservice: appservice, runtime: runtime, permissions: live.live(\.permissions),
                                  presence: presence, sessions: stores.bridge.sessions, menus: stores.bridge.menus, streaming: live.live(\.streaming),
                                  logger: matrixLog, crypto: crypto?.handler,
                                  requireEncryption: config.encryption.require, runs: runs, questions: questions, automation: automation,
                                  images: config.image, commandPrefix: config.commands.prefix, languages: languages)
        await dispatcher.addHandler(matrix)
        let endpoint = AppServiceEndpoint(hsToken: config.hsToken, inbox: inbox, dispatcher: dispatcher,
                                          queries: NamespaceQueries(appservice: appservice, agentNames: names),
                                          maxBodyBytes: config.maxBodyBytes, logger: appserviceLog)

        let (listening, listeningContinuation) = AsyncStream.makeStream(of: Void.self)
        let app = Application(
            router: endpoint.router(),
            configuration: .init(address: .hostname(config.hostname, port: config.port), serverName: "troupe"),
            onServerRunning: { _ in listeningContinuation.yield() },
            logger: appserviceLog)
        let controlAddress: BindAddress
        if let socket = config.control.socket {
            // A socket left by a killed process would refuse the bind.
            try? FileManager.default.removeItem(atPath: socket)
            controlAddress = .unixDomainSocket(path: socket)
        } else {
            controlAddress = .hostname(config.control.hostname, port: config.control.port)
        }
        let control = Application(
            router: ControlAPI(runtime: runtime, tokens: controlTokens, logger: LogModule.control.logger, runs: runs,
                               delegationChat: ChatAddress.delegationChat,
                               schedules: AgentSchedules.control(automation: automation, runtime: runtime,
                                                                 level: { live.current.level(of: $0) })).router(),
            configuration: .init(address: controlAddress, serverName: "troupe-control"),
            onServerRunning: { [socket = config.control.socket] _ in
                // Only this user's processes may connect (the tokens are still required).
                if let socket { _ = chmod(socket, 0o600) }
            },
            logger: LogModule.control.logger)
        let mirror = config.telegram.enabled && config.telegram.mirror
            ? TelegramMirror(presence: presence, store: stores.bridge.telegram, logger: LogModule.telegram.logger)
            : nil
        let telegram = config.telegram.enabled
            ? try TelegramBridge.bridges(config: config, runtime: runtime, store: stores.bridge.telegram, mirror: mirror, runs: runs,
                                        sessions: stores.bridge.sessions, menus: stores.bridge.menus, automation: automation, languages: languages,
                                        live: live, logger: LogModule.telegram.logger) : []
        // Messages outside turns go to the transport that owns their chat; as a last resort to the agent's
        // own Matrix room, never to another messenger's chat.
        let routers = [matrix.router] + telegram.map(\.router)
        await jobRunner.use(routers, matrix: matrix.router) { agent in
            (try? await presence.store.room(ofAgent: agent)).flatMap { $0 }.map(ChatAddress.matrix)
        }
        let deliveries = DeliveryQueue(store: stores.bridge.deliveries, routers: routers, logger: LogModule.delivery.logger) { delivery, reason in
            guard let room = try await presence.store.room(ofAgent: delivery.agent) else {
                throw NoFallbackRoom(agent: delivery.agent)
            }
            let text = await languages.localizer(for: .matrix(room))
            try await matrix.router.deliver(text.undeliverable(chat: "\(delivery.chat)", reason: text.delivery(reason)) + "\n\n" + delivery.text,
                                            from: delivery.agent, to: .matrix(room), id: "troupe-fallback-\(delivery.id)")
        }
        let startup = StartupTask(check: StartupCheck(appservice: appservice, displayname: config.bot.displayname, logger: appserviceLog),
                                  listening: listening, presence: presence, config: config, logger: logger, crypto: crypto,
                                  runs: runs, deliveries: deliveries, routers: routers)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = upkeep + [
            .init(service: dispatcher),
            .init(service: startup, successTerminationBehavior: .ignore),
            .init(service: app),
            .init(service: control),
            .init(service: ControlShutdown(runtime: runtime, tokens: controlTokens, runs: runs)),
            .init(service: deliveries),
            .init(service: scheduler),
            .init(service: MenuSweeper(routers: routers)),
        ]
        for bridge in telegram { services.append(.init(service: bridge)) }
        if let configPath {
            services.append(.init(service: configReloader(path: configPath, live: live, runtime: runtime, presence: presence,
                                                          scheduler: scheduler, languages: languages, withTools: withTools)))
        }
        if config.automation.webhooks.enabled {
            services.append(.init(service: webhookListener(store: stores.bridge.webhooks) { turn in await jobRunner.run(turn) }))
        }
        if config.metrics.enabled, let metricsRegistry {
            services.append(.init(service: metricsListener(registry: metricsRegistry)))
            if let crypto { services.append(.init(service: CryptoSessionGauges(store: crypto.store, logger: LogModule.metrics.logger))) }
        }

        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        // Child processes must not outlive us. Their turns (and those queued behind them) stay stored and are
        // resumed at the next start, as after a crash; runs are reported as interrupted. The same when serving ends
        // with an error (the active lock lost): a standby may be taking the turns over already.
        do {
            try await group.run()
        } catch {
            await runs.shutdown()
            await runtime.suspendAll()
            throw error
        }
        await runs.shutdown()
        await runtime.suspendAll()
        logger.info("troupe stopped")
    }
}

extension TroupeServer {
    /// `POST /hooks/<name>` on `automation.webhooks.hostname`/`port`; each accepted delivery becomes a turn of the hook's agent.
    func webhookListener(store: any WebhookStore, start: @escaping @Sendable (AutomatedTurn) async -> Void) -> some Service {
        let settings = config.automation.webhooks
        return Application(
            router: WebhookListener(store: store, settings: settings, logger: LogModule.automation.logger, start: start).router(),
            configuration: .init(address: .hostname(settings.hostname, port: settings.port), serverName: "troupe-webhooks"),
            onServerRunning: { [logger] _ in
                logger.info("listening for webhooks", metadata: ["address": "\(settings.hostname):\(settings.port)", "url": "\(settings.url)"])
            },
            logger: LogModule.automation.logger)
    }

    /// `GET /metrics` on `metrics.hostname`/`port`.
    func metricsListener(registry: PrometheusCollectorRegistry) -> some Service {
        let settings = config.metrics
        return Application(
            router: MetricsListener(registry: registry).router(),
            configuration: .init(address: .hostname(settings.hostname, port: settings.port), serverName: "troupe-metrics"),
            onServerRunning: { [logger] _ in
                logger.info("serving metrics", metadata: ["address": "\(settings.hostname):\(settings.port)", "path": "/metrics"])
            },
            logger: LogModule.metrics.logger)
    }

    /// Gemini CLI's settings layer naming `troupe mcp`, under the data directory; nil (Gemini agents then use the
    /// shell commands) if it cannot be written.
    func writeGeminiMCPSettings(troupeBinary: String) -> URL? {
        let file = URL(fileURLWithPath: config.dataDirectory).appendingPathComponent("mcp/gemini-system-defaults.json")
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try MCPRegistration.geminiSettings(troupeBinary: troupeBinary).write(to: file, atomically: true, encoding: .utf8)
            return file
        } catch {
            logger.warning("could not write Gemini's MCP settings; Gemini agents use the shell commands",
                           metadata: ["path": "\(file.path)", "error": "\(error)"])
            return nil
        }
    }

    /// This troupe executable, absolute, for the agents' tools (`$TROUPE_BIN ask …`, `troupe mcp`).
    static func executablePath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        guard let first = CommandLine.arguments.first, first.contains("/") else { return nil }
        return URL(fileURLWithPath: first).standardizedFileURL.path
    }
}

/// Waits for the listener, then runs the start-up check and announces readiness.
struct StartupTask: Service {
    let check: StartupCheck
    let listening: AsyncStream<Void>
    let presence: AgentPresence
    let config: TroupeConfig
    let logger: Logger
    var crypto: CryptoStartup? = nil
    var runs: RunManager? = nil
    /// Where interrupted turns are reported: the transport that owns each turn's chat.
    var deliveries: DeliveryQueue? = nil
    /// Take up interrupted turns in the chats of their transports (streamed as replies to their messages).
    var routers: [MessageRouter] = []

    func run() async throws {
        var iterator = listening.makeAsyncIterator()
        guard await iterator.next() != nil else { return }
        logger.info("listening for the homeserver", metadata: ["address": "\(config.hostname):\(config.port)"])
        await cancelWhenGracefulShutdown {
            if await check.run() {
                await crypto?.setUpAll()
                await presence.ensureAll()
                await recoverInterruptedTurns()
                // Results wait in the delivery queue until the homeserver has proven reachable.
                await runs?.setSink(RunResultRouter(routers: routers, deliveries: deliveries))
                if let runs {
                    // Runs show in their worker's own room ("working on: …"), and that notice ends with the outcome.
                    let notices = MatrixRunNotices(presence: presence, logger: logger)
                    let updates = await runs.updates()
                    Task { await notices.follow(updates) }
                }
                logger.info("troupe ready", metadata: [
                    "bot": "\(check.appservice.botUserID)", "homeserver": "\(config.homeserverAddress)",
                ])
            }
        }
    }

    /// Turns the previous process left unfinished: stored answers are delivered, interrupted turns resumed,
    /// and a turn cut short more than `InterruptedTurn.maxInterruptions` times is reported to its user.
    private func recoverInterruptedTurns() async {
        let turns: [InterruptedTurn]
        do {
            turns = try await presence.runtime.recoverInterruptedTurns()
        } catch {
            logger.error("could not read interrupted turns", metadata: ["error": "\(error)"])
            return
        }
        let runtime = presence.runtime
        for turn in turns {
            // Delegation chats and the like belong to no transport: their asker's own turn is resumed and asks again.
            guard let address = ChatAddress(turn.chat), routers.owner(of: address.origin) != nil else {
                await runtime.turnDelivered(turn.id)
                continue
            }
            if await routers.owner(of: address.origin)?.recover(turn) == true { continue }
            // A named session's turn is told in its chat.
            let chat = address.origin.chatKey
            switch turn.recovery {
            case .giveUp:
                let text = await presence.languages.localizer(for: address.origin)
                await enqueue(Self.notice(for: turn, text: text), turn: turn, to: chat, id: "troupe-interrupted-\(turn.id.rawValue)")
            case .deliver(let answer):
                await enqueue(answer, turn: turn, to: chat, id: "troupe-answer-\(turn.id.rawValue)")
                await runtime.turnDelivered(turn.id)
            case .resume:
                guard let resumed = await runtime.resume(turn) else { continue }
                let words = await presence.languages.localizer(for: address.origin)
                // Transports without an event to answer get the final answer as one message.
                Task {
                    var text = ""
                    var outcome: String?
                    for await event in resumed.events {
                        switch event {
                        case .text(let delta): text += delta
                        case .finished(let result): outcome = result.text.isEmpty ? text : result.text
                        case .failed(let error): outcome = "⚠️ " + words.failure(error)
                        default: break
                        }
                    }
                    guard let outcome else { return }  // suspended by a shutdown: the next start takes it up
                    await enqueue(outcome, turn: turn, to: chat, id: "troupe-answer-\(turn.id.rawValue)")
                    await runtime.turnDelivered(turn.id)
                }
            }
        }
    }

    private func enqueue(_ text: String, turn: InterruptedTurn, to chat: ChatKey, id: String) async {
        do {
            try await deliveries?.enqueue(text, from: turn.agent, to: chat, id: id)
        } catch {
            logger.warning("could not queue a message about an interrupted turn", metadata: ["chat": "\(turn.chat)", "error": "\(error)"])
        }
    }
}

extension StartupTask {
    /// What a user hears about a turn a restart cut short, on any transport.
    static func notice(for turn: InterruptedTurn, text: Localizer = Localizer()) -> String {
        text.gaveUp(times: turn.interruptions, wasRunning: turn.wasRunning, quoted: turn.prompt.clipped(200))
    }
}

/// The delivery fallback has nowhere to post: the agent has no Matrix room (yet). Logged; the delivery is kept.
private struct NoFallbackRoom: Error, CustomStringConvertible {
    let agent: String
    var description: String { "\(agent) has no Matrix room to fall back to" }
}
