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
    /// `logging.format`: lines for people, or JSON lines for log shippers.
    public var logFormat: LogFormat
    public enum LogFormat: String, Sendable { case pretty, json }
    /// `agents:`, `providers:` and `runtime:`, validated by the agent runtime.
    public var agents: AgentsConfiguration
    /// Invited into every agent's own room; defaults to the users named as admins in `permissions`.
    public var owners: [UserID]
    public var streaming: StreamingSettings

    public var agentNames: [String] { agents.agents.keys.sorted() }
    public var control = Control(hostname: "127.0.0.1", port: 29335)
    public var telegram = TelegramSettings()
    public var automation = AutomationSettings()
    /// `image:`: the size and format images users send reach the agents in.
    public var image = ImageOptions()
    /// `commands:`: the prefix commands are written with on Matrix.
    public var commands = CommandSettings()
    /// `metrics:`: the Prometheus listener, off unless enabled.
    public var metrics = MetricsSettings()

    public var settings: AppServiceSettings {
        AppServiceSettings(id: appserviceID, homeserverURL: homeserverAddress, domain: domain, asToken: asToken,
                           hsToken: hsToken, botLocalpart: bot.username, userPrefix: userPrefix)
    }

    public var registration: Registration {
        Registration(id: appserviceID, url: appserviceAddress, asToken: asToken, hsToken: hsToken,
                     senderLocalpart: bot.username, userPrefix: userPrefix, domain: domain)
    }

    /// The level of a person as the transports name them: a Matrix user id, or `telegram:<id>`.
    @Sendable public func level(of person: String) -> PermissionLevel {
        if person.hasPrefix(TelegramSettings.senderPrefix), let id = Int64(person.dropFirst(TelegramSettings.senderPrefix.count)) {
            return telegram.admins.contains(id) ? .admin : telegram.allowedUsers.contains(id) ? .user : .none
        }
        return permissions.level(of: UserID(person))
    }

    /// Reads and validates a config file. Throws `ConfigErrors` listing every problem, each naming its key.
    public static func load(path: String) throws -> TroupeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigErrors(errors: [ConfigError("", "cannot read config file \(path): \(error.localizedDescription)")])
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(yaml: text, directory: directory)
    }

    public static func parse(yaml text: String, directory: String) throws -> TroupeConfig {
        let file: ConfigFile
        let agents: AgentsConfiguration
        do {
            guard let node = try Yams.compose(yaml: text), node.mapping != nil else {
                throw ConfigErrors(errors: [ConfigError("", "config file must be a YAML mapping of sections")])
            }
            file = try YAMLDecoder().decode(ConfigFile.self, from: node)
            agents = try YAMLDecoder().decode(AgentsConfiguration.self, from: node)
        } catch let errors as ConfigErrors {
            throw errors
        } catch let error as DecodingError {
            throw ConfigErrors(errors: [ConfigError.from(error)])
        } catch {
            throw ConfigErrors(errors: [ConfigError("", "not valid YAML: \(Self.shortYAMLError(error))")])
        }
        var validator = ConfigValidator(file: file, agents: agents, directory: directory)
        validator.errors = ConfigFile.unknownKeys(in: (try? Yams.load(yaml: text) as? [String: Any]) ?? [:])
        return try validator.validate()
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

extension ConfigError {
    /// Names the key a decoding failure is about: `appservice.port: expected an integer`.
    static func from(_ error: DecodingError) -> ConfigError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            return ConfigError(path(context), "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            return ConfigError(path(context), "expected \(Self.describe(type)), found nothing")
        case .keyNotFound(let key, let context):
            return ConfigError((path(context).isEmpty ? "" : path(context) + ".") + key.stringValue, "missing")
        case .dataCorrupted(let context):
            return ConfigError(path(context), context.debugDescription)
        @unknown default:
            return ConfigError("", "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "a \(type)"
        }
    }
}
