import Foundation
import Hummingbird
import Logging
import MatrixAppService

/// The checks behind `troupe doctor`: each says what it found and, when it is not fine, what to change.
/// Doctor only looks: it writes no file (the database is read without migrating it, a missing one is not
/// created) and changes nothing on the homeserver besides asking it to ping.
public struct Doctor: Sendable {
    public enum Status: String, Sendable, Equatable {
        case ok, warn, fail, skip
    }

    public struct Check: Sendable, Equatable {
        public var name: String
        public var status: Status
        public var detail: String

        public init(_ status: Status, _ name: String, _ detail: String) {
            self.name = name
            self.status = status
            self.detail = detail
        }

        /// `ok    homeserver: http://… answers (v1.12)`: one line, the status first so the eye finds failures.
        public var line: String { status.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0) + "\(name): \(detail)" }
    }

    /// Where doctor looks besides the config: the files it checks and the environment the providers will see.
    public struct Context: Sendable {
        public var configPath: String
        public var registrationPath: String
        public var environment: [String: String]
        public var home: String
        /// How long `<cli> --version` may take.
        public var versionTimeout: Duration

        public init(configPath: String, registrationPath: String,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    home: String? = nil, versionTimeout: Duration = .seconds(10)) {
            self.configPath = configPath
            self.registrationPath = registrationPath
            self.environment = environment
            self.home = home ?? environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
            self.versionTimeout = versionTimeout
        }
    }

    let config: TroupeConfig
    let context: Context
    let logger: Logger

    public init(config: TroupeConfig, context: Context, logger: Logger) {
        self.config = config
        self.context = context
        self.logger = logger
    }

    public func run() async -> [Check] {
        var checks: [Check] = []
        checks += fileModes()
        checks.append(await database())
        checks += registration()
        checks += settings()
        checks += await homeserver()
        checks += await providers()
        if config.telegram.enabled { checks += await telegram(environment: context.environment) }
        return checks
    }

    /// Each bot's token variable is set and Telegram accepts the token (`getMe`).
    private func telegram(environment: [String: String]) async -> [Check] {
        let bots = [("telegram", config.telegram.tokenEnv)] + config.telegram.agentBots.sorted { $0.key < $1.key }.map { ("telegram bot of \($0.key)", $0.value) }
        var checks: [Check] = []
        for (name, variable) in bots {
            guard let token = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
                checks.append(Check(.fail, name, "\(TelegramError.missingToken(tokenEnv: variable))"))
                continue
            }
            let api = TelegramBotAPI(apiURL: config.telegram.apiURL, token: token, tokenEnv: variable,
                                     retry: TelegramRetryPolicy(maxAttempts: 1), logger: logger)
            do {
                let me = try await api.getMe()
                checks.append(Check(.ok, name, "\(config.telegram.apiURL) accepts the token: the bot is @\(me.username ?? me.firstName)"))
            } catch {
                checks.append(Check(.fail, name, "\(error)"))
            }
        }
        return checks
    }

    /// Settings that are valid yet probably not what was meant.
    func settings() -> [Check] {
        var checks: [Check] = []
        let notAdmins = config.owners.filter { config.permissions.level(of: $0) != .admin }
        if config.owners.isEmpty {
            checks.append(Check(.warn, "owners", "nobody is invited into the agents' rooms; name yourself in owners (or as admin in permissions)"))
        } else if notAdmins.isEmpty {
            checks.append(Check(.ok, "owners", config.owners.map(\.rawValue).joined(separator: ", ") + " (admins)"))
        } else {
            checks.append(Check(.warn, "owners", notAdmins.map(\.rawValue).joined(separator: ", ")
                + " own the agents' rooms but are not admin in permissions, so they cannot run admin commands there"))
        }
        if config.encryption.allow {
            if (config.encryption.pickleKey ?? "").isEmpty {
                checks.append(Check(.fail, "encryption", "encryption.allow is true but there is no encryption.pickle_key to protect the keys"))
            } else {
                checks.append(Check(.ok, "encryption", "allowed; keys are pickled under encryption.pickle_key"))
            }
        } else {
            checks.append(Check(.ok, "encryption", "off (encryption.allow is false): agents do not answer in encrypted rooms"))
        }
        return checks
    }
}

/// Doctor asks the homeserver only; it keeps no state.
struct NoStateStore: StateStore {
    func apply(_ event: ClientEvent) async throws {}
    func setMembership(room: RoomID, user: UserID, _ membership: Membership, displayname: String?) async throws {}
    func roster(_ room: RoomID) async throws -> [UserID: Membership] { [:] }
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
