import Foundation
import Hummingbird
import Logging
import MatrixAppService

/// The checks behind `troupe doctor`: each says what it found and, on failure, what to change.
public struct Doctor: Sendable {
    public struct Check: Sendable {
        public var name: String
        public var ok: Bool
        public var detail: String
    }

    let config: TroupeConfig
    let logger: Logger

    public init(config: TroupeConfig, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    public func run() async -> [Check] {
        var checks: [Check] = []
        checks.append(database())
        let client = HomeserverClient(baseURL: config.homeserverAddress, asToken: config.asToken,
                                      retry: .none, timeout: .seconds(10), logger: logger)
        let appservice = AppService(settings: config.settings, client: client, state: NoStateStore())
        let homeserver = await reach(appservice)
        checks.append(homeserver)
        if homeserver.ok {
            checks.append(await token(appservice))
            checks.append(await ping(appservice))
        }
        checks.append(contentsOf: providers())
        if config.telegram.enabled { checks.append(contentsOf: await telegram()) }
        return checks
    }

    /// Each bot's token variable is set and Telegram accepts the token (`getMe`).
    private func telegram(environment: [String: String] = ProcessInfo.processInfo.environment) async -> [Check] {
        let bots = [("telegram", config.telegram.tokenEnv)] + config.telegram.agentBots.sorted { $0.key < $1.key }.map { ("telegram bot of \($0.key)", $0.value) }
        var checks: [Check] = []
        for (name, variable) in bots {
            guard let token = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                checks.append(Check(name: name, ok: false, detail: "\(TelegramError.missingToken(tokenEnv: variable))"))
                continue
            }
            let api = TelegramBotAPI(apiURL: config.telegram.apiURL, token: token, tokenEnv: variable,
                                     retry: TelegramRetryPolicy(maxAttempts: 1), logger: logger)
            do {
                let me = try await api.getMe()
                checks.append(Check(name: name, ok: true, detail: "\(config.telegram.apiURL) accepts the token: the bot is @\(me.username ?? me.firstName)"))
            } catch {
                checks.append(Check(name: name, ok: false, detail: "\(error)"))
            }
        }
        return checks
    }

    private func database() -> Check {
        do {
            let pool = try TroupeServer.openDatabase(config)
            let pending = try pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM appservice_inbox WHERE processed_at IS NULL") ?? 0
            }
            return Check(name: "database", ok: true, detail: "\(config.database) opens (\(pending) transactions pending)")
        } catch {
            return Check(name: "database", ok: false, detail: "cannot open \(config.database): \(error)")
        }
    }

    private func reach(_ appservice: AppService) async -> Check {
        do {
            let versions = try await appservice.versions()
            return Check(name: "homeserver", ok: true, detail: "\(config.homeserverAddress) answers (\(versions.last ?? "no versions"))")
        } catch {
            return Check(name: "homeserver", ok: false, detail: StartupCheck.explain(error, settings: config.settings))
        }
    }

    private func token(_ appservice: AppService) async -> Check {
        do {
            let (user, _) = try await appservice.botIntent.whoami()
            return Check(name: "as_token", ok: true, detail: "accepted; the bot is \(user)")
        } catch let error as MatrixError where error.errcode == "M_UNKNOWN_TOKEN" {
            return Check(name: "as_token", ok: false, detail: StartupCheck.explain(error, settings: config.settings))
        } catch {
            // An unregistered bot answers M_FORBIDDEN/M_UNKNOWN here, yet the token was accepted.
            return Check(name: "as_token", ok: true, detail: "accepted (\(error))")
        }
    }

    /// The homeserver's appservice ping. When nothing listens on our address (Troupe is not running),
    /// a temporary listener answers the ping, so the check works before the first `troupe run`.
    private func ping(_ appservice: AppService) async -> Check {
        do {
            let ms = try await appservice.ping()
            return Check(name: "registration", ok: true, detail: "homeserver ping reached Troupe in \(ms) ms")
        } catch let error as MatrixError where error.errcode == "M_CONNECTION_FAILED" {
            return await pingWithTemporaryListener(appservice)
        } catch {
            return Check(name: "registration", ok: false, detail: StartupCheck.explain(error, settings: config.settings))
        }
    }

    private func pingWithTemporaryListener(_ appservice: AppService) async -> Check {
        // The real endpoint, over an inbox that refuses to store: the ping is answered with the real token
        // check, and a transaction arriving meanwhile gets 503, so the homeserver keeps it for `troupe run`.
        let inbox = RefusingInbox()
        let dispatcher = Dispatcher(inbox: inbox, state: NoStateStore(), hold: true, logger: logger)
        let router = AppServiceEndpoint(hsToken: config.hsToken, inbox: inbox, dispatcher: dispatcher,
                                        queries: NoNamespaceQueries(), logger: logger).router()
        let (running, runningContinuation) = AsyncStream.makeStream(of: Void.self)
        let app = Application(router: router,
                              configuration: .init(address: .hostname(config.hostname, port: config.port)),
                              onServerRunning: { _ in runningContinuation.yield() }, logger: logger)
        return await withTaskGroup(of: Check?.self) { group in
            group.addTask {
                do { try await app.runService() } catch {
                    return Check(name: "registration", ok: false,
                                 detail: "cannot listen on \(config.hostname):\(config.port) to answer the ping: \(error)")
                }
                return nil
            }
            group.addTask {
                var iterator = running.makeAsyncIterator()
                _ = await iterator.next()
                do {
                    let ms = try await appservice.ping()
                    return Check(name: "registration", ok: true,
                                 detail: "homeserver ping reached \(config.appserviceAddress) in \(ms) ms (Troupe is not running)")
                } catch {
                    return Check(name: "registration", ok: false, detail: StartupCheck.explain(error, settings: config.settings))
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? Check(name: "registration", ok: false, detail: "ping check ended without an answer")
        }
    }

    /// Each provider an agent uses: its executable must exist (CLI tools) or its URL must be set (HTTP).
    private func providers() -> [Check] {
        let resolved = config.agents.resolvedProviders
        let used = Set(config.agents.agents.values.map(\.provider)).sorted()
        return used.compactMap { name -> Check? in
            guard let provider = resolved[name] else { return nil }
            guard provider.kind != .openai else {
                return Check(name: "provider \(name)", ok: true, detail: "HTTP endpoint \(provider.settings.baseURL ?? "?")")
            }
            let command = provider.settings.command ?? name
            if let found = Self.findExecutable(command) {
                return Check(name: "provider \(name)", ok: true, detail: found)
            }
            return Check(name: "provider \(name)", ok: false,
                         detail: "\(command) not found on PATH; install it or set providers.\(name).command")
        }
    }

    static func findExecutable(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }.first(where: FileManager.default.isExecutableFile)
    }
}

/// Doctor asks the homeserver only; it keeps no state.
struct NoStateStore: StateStore {
    func apply(_ event: ClientEvent) async throws {}
    func setMembership(room: RoomID, user: UserID, _ membership: Membership, displayname: String?) async throws {}
    func membership(room: RoomID, user: UserID) async throws -> Membership? { nil }
    func members(room: RoomID, in memberships: Set<Membership>) async throws -> [UserID] { [] }
    func rooms(of user: UserID, in memberships: Set<Membership>) async throws -> [RoomID] { [] }
    func displayname(room: RoomID, user: UserID) async throws -> String? { nil }
    func state(room: RoomID, type: String, stateKey: String) async throws -> JSONValue? { nil }
    func setState(room: RoomID, type: String, stateKey: String, content: JSONValue) async throws {}
    func isRegistered(_ user: UserID) async throws -> Bool { true }
    func markRegistered(_ user: UserID) async throws {}
    func ownDisplayname(_ user: UserID) async throws -> String? { nil }
    func setOwnDisplayname(_ user: UserID, _ name: String) async throws {}
}

/// `doctor` never stores a transaction: the homeserver must keep it for the real `troupe run`.
struct RefusingInbox: InboxStore {
    struct NotStoring: Error {}
    func enqueue(txnID: String, body: Data) async throws -> EnqueueResult { throw NotStoring() }
    func pendingIDs() async throws -> [Int64] { [] }
    func entry(id: Int64) async throws -> InboxEntry? { nil }
    func recordRead(id: Int64) async throws -> Int { 1 }
    func unseen(_ eventIDs: [EventID]) async throws -> Set<EventID> { [] }
    func complete(id: Int64, seen eventIDs: [EventID]) async throws {}
    func prune(before cutoff: Date) async throws {}
}

struct NoNamespaceQueries: NamespaceQueryHandler {
    func userExists(_ user: UserID) async -> Bool { false }
    func roomAliasExists(_ alias: RoomAlias) async -> Bool { false }
}
