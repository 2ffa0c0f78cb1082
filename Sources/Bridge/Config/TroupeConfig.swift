import Agents
import Foundation
import Images
import Logging
import MatrixAppService
import MatrixCrypto
import Yams

/// The validated config: everything `troupe run` needs, with defaults applied and paths resolved
/// against the folder the config file is in.
public struct TroupeConfig: Sendable {
    public struct Bot: Sendable {
        public var username: String
        public var displayname: String
        public var avatar: String?
    }

    public struct Encryption: Sendable {
        public var allow: Bool
        public var byDefault: Bool
        public var require: Bool
        public var pickleKey: String?

        /// Rooms Troupe creates (the agents' rooms, Telegram portals) are created encrypted.
        public var createsRoomsEncrypted: Bool { allow && (byDefault || require) }
        /// `verification_levels`: who gets keys, whose messages count, whose key requests are answered.
        public var verificationLevels = VerificationLevels.default
    }

    /// The control API agents' tools call (`troupe ask`, `troupe mcp`); loopback only, or a unix socket.
    public struct Control: Sendable {
        public var hostname: String
        public var port: Int
        /// When set, the API listens on this unix socket (mode 0600) instead of the TCP port.
        public var socket: String? = nil
        /// What the tools get as `TROUPE_CONTROL_URL`: `http://host:port`, or `http+unix://<percent-encoded path>`
        /// (AsyncHTTPClient's form for a socket).
        public var url: String {
            if let socket {
                return "http+unix://" + (socket.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? socket)
            }
            return "http://" + (hostname.contains(":") ? "[\(hostname)]" : hostname) + ":\(port)"
        }
    }

    public var homeserverAddress: String
    public var domain: String
    public var appserviceID: String
    public var appserviceAddress: String
    public var hostname: String
    public var port: Int
    public var asToken: String
    public var hsToken: String
    public var bot: Bot
    public var userPrefix: String
    public var maxBodyBytes: Int
    /// `database:`: the SQLite file, or PostgreSQL (refused by `troupe run` until every store has a driver).
    public var database: DatabaseSettings
    public var dataDirectory: String
    public var permissions: Permissions
    public var encryption: Encryption
    public var logLevel: Logger.Level
    /// `logging.levels`: modules logging at another level than `logLevel`.
    public var logLevels: [LogModule: Logger.Level] = [:]
    /// `logging.format`: lines for people, or JSON lines for log shippers.
    public var logFormat: LogFormat
    public enum LogFormat: String, Sendable { case pretty, json }
    /// `agents:`, `providers:` and `runtime:`, validated by the agent runtime.
    public var agents: AgentsConfiguration
    /// Invited into every agent's own room; defaults to the users named as admins in `permissions`.
    public var owners: [UserID]
    public var streaming: StreamingSettings

    public var agentNames: [String] { agents.agents.keys.sorted() }
    /// `agents_env_file`, resolved; read before every turn.
    public var agentsEnvFile: String? {
        get { agents.agentsEnvFile }
        set { agents.agentsEnvFile = newValue }
    }
    public var control = Control(hostname: "127.0.0.1", port: 29335)
    public var telegram = TelegramSettings()
    public var automation = AutomationSettings()
    /// `image:`: the size and format images users send reach the agents in.
    public var image = ImageOptions()
    /// `commands:`: the prefix commands are written with on Matrix.
    public var commands = CommandSettings()
    /// `metrics:`: the Prometheus listener, off unless enabled.
    public var metrics = MetricsSettings()
    /// `language`: what Troupe's own chat texts are written in where a chat has not chosen (`!language`).
    public var language = Language.default
    /// The absolute path of the file this was loaded from, so messages can say where a key is; nil when parsed from text.
    public var filePath: String?

    public var settings: AppServiceSettings {
        AppServiceSettings(id: appserviceID, homeserverURL: homeserverAddress, domain: domain, asToken: asToken,
                           hsToken: hsToken, botLocalpart: bot.username, userPrefix: userPrefix)
    }

    public var registration: Registration {
        Registration(id: appserviceID, url: appserviceAddress, asToken: asToken, hsToken: hsToken,
                     senderLocalpart: bot.username, userPrefix: userPrefix, domain: domain)
    }

    /// The level a logger of this label logs at: its module's from `logging.levels`, else `default`.
    public func logLevel(forLabel label: String, default level: Logger.Level) -> Logger.Level {
        LogModule(label: label).flatMap { logLevels[$0] } ?? level
    }

    /// The level of a person as the transports name them: a Matrix user id, or `telegram:<id>`.
    @Sendable public func level(of person: String) -> PermissionLevel {
        if person.hasPrefix(TelegramSettings.senderPrefix), let id = Int64(person.dropFirst(TelegramSettings.senderPrefix.count)) {
            return telegram.admins.contains(id) ? .admin : telegram.allowedUsers.contains(id) ? .user : .none
        }
        return permissions.level(of: UserID(person))
    }

    /// Reads and validates a config file, with the environment's overrides (see `ConfigDocument+Environment`)
    /// and `*_file` secrets laid over it. Callable at any time (start-up, `doctor`, a reload): it reads and
    /// changes nothing else. Throws `ConfigErrors` listing every problem at once, each naming its key.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TroupeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors(errors: [ConfigError("", "cannot read config file \(path): \(SecretFile.reason(error))")])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var config = try parse(yaml: text, directory: directory, environment: environment)
        config.filePath = URL(fileURLWithPath: path).standardizedFileURL.path
        return config
    }

    /// Every problem is collected before anything is thrown: type errors (each value of the wrong type is
    /// taken out and decoding goes on), unknown keys, overrides and secret files, then validation, whose
    /// complaints about a value already reported (a "missing" for a removed one) are left out.
    public static func parse(yaml text: String, directory: String, environment: [String: String] = [:]) throws -> TroupeConfig {
        var document = try ConfigDocument.parse(yaml: text)
        var errors = document.applyEnvironment(environment)
        let (secretErrors, unsetSecrets) = document.readSecretFiles(directory: directory)
        errors += secretErrors
        let (file, fileErrors) = document.decodeCollectingTypeErrors(ConfigFile.self)
        let (agents, agentErrors) = document.decodeCollectingTypeErrors(AgentsConfiguration.self)
        errors += fileErrors + agentErrors + ConfigFile.unknownKeys(in: document)
        let reported = Set(errors.map(\.key)).union(unsetSecrets.map(\.description))
        if let file, let agents {
            do {
                var validator = ConfigValidator(file: file, agents: agents, directory: directory)
                let config = try validator.validate()
                if errors.isEmpty { return config }
            } catch let invalid as ConfigErrors {
                errors += invalid.errors.filter { error in
                    !reported.contains { error.key == $0 || error.key.hasPrefix($0 + ".") || error.key.hasPrefix($0 + "[") }
                }
            }
        }
        throw ConfigErrors(errors: document.explained(errors))
    }
}

extension ConfigDocument {
    /// The problems sorted by key, each about a value from the environment or a secret file saying which.
    func explained(_ errors: [ConfigError]) -> [ConfigError] {
        let origins = Dictionary(origins.map { ($0.key.description, $0.value) }, uniquingKeysWith: { first, _ in first })
        return errors.map { error in
            guard let origin = origins[error.key] else { return error }
            return ConfigError(error.key, "\(error.problem) (\(origin))")
        }.enumerated().sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }.map(\.element)
    }
}

extension TroupeConfig {
    /// Yams quotes the whole document as context; the user needs the problem and where it is.
    static func shortYAMLError(_ error: any Error) -> String {
        let lines = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let position = lines.last { $0.hasPrefix("in line") }
        return ([lines.first ?? ""] + (position.map { [$0] } ?? [])).joined(separator: " ")
    }
}
