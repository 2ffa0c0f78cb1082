import Agents
import MatrixAppService
import MatrixCrypto

/// The config file exactly as written: every key optional, so that validation (not the decoder) says
/// what is missing, naming the key.
struct ConfigFile: Decodable {
    struct Homeserver: Decodable {
        var address: String?
        var domain: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case address, domain }
    }

    struct Bot: Decodable {
        var username: String?
        var displayname: String?
        var avatar: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case username, displayname, avatar }
    }

    struct AppService: Decodable {
        var id: String?
        var address: String?
        var hostname: String?
        var port: Int?
        var asToken: String?
        var hsToken: String?
        var bot: Bot?
        var userPrefix: String?
        var maxBodyBytes: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, address, hostname, port, bot
            case asToken = "as_token"
            case hsToken = "hs_token"
            case userPrefix = "user_prefix"
            case maxBodyBytes = "max_body_bytes"
        }
    }

    struct Database: Decodable {
        var type: String?
        var uri: String?
        var maxOpenConns: Int?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case type, uri
            case maxOpenConns = "max_open_conns"
        }
    }

    struct Encryption: Decodable {
        var allow: Bool?
        var `default`: Bool?
        var require: Bool?
        var pickleKey: String?
        /// Parsed by `VerificationLevelsSettings`, which names unknown keys and levels.
        var verificationLevels: JSONValue?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case allow, `default`, require
            case pickleKey = "pickle_key"
            case verificationLevels = "verification_levels"
        }
    }

    struct Logging: Decodable {
        var level: String?
        var format: String?
        /// Per module (`LogModule`): `{ matrix: debug, telegram: warning }`.
        var levels: [String: String]?

        enum CodingKeys: String, CodingKey, CaseIterable { case level, format, levels }
    }

    struct Streaming: Decodable {
        var editIntervalMs: Int?
        var maxEdits: Int?
        var footer: Bool?
        var menuLifetimeS: Int?
        var seen: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case footer, seen
            case editIntervalMs = "edit_interval_ms"
            case maxEdits = "max_edits"
            case menuLifetimeS = "menu_lifetime_s"
        }
    }

    struct Control: Decodable {
        var hostname: String?
        var port: Int?
        var socket: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case hostname, port, socket }
    }

    var homeserver: Homeserver?
    var appservice: AppService?
    var database: Database?
    var dataDir: String?
    var permissions: [String: String]?
    var encryption: Encryption?
    var logging: Logging?
    var owners: [String]?
    var streaming: Streaming?
    var telegram: JSONValue?
    var control: Control?
    var automation: JSONValue?
    var image: JSONValue?
    var commands: JSONValue?
    var metrics: JSONValue?
    var language: String?

    enum CodingKeys: String, CodingKey {
        case homeserver, appservice, database, permissions, encryption, logging, owners, streaming, telegram, control, automation, image
        case commands, metrics, language
        case dataDir = "data_dir"
    }

    /// Besides these, `agents`, `providers`, `runtime` and `agents_env_file` belong to the agent runtime's config.
    static let topLevelKeys: Set<String> = [
        "homeserver", "appservice", "database", "data_dir", "permissions", "encryption", "logging", "owners",
        "streaming", "telegram", "agents", "providers", "runtime", "control", "automation", "image", "commands", "metrics",
        "agents_env_file", "language", "env_config_prefix",
    ]

    /// The keys of each section this file decodes itself (the others name their own unknown keys).
    static let sectionKeys: [String: [String]] = [
        "homeserver": Homeserver.CodingKeys.allCases.map(\.stringValue),
        "appservice": AppService.CodingKeys.allCases.map(\.stringValue),
        "appservice.bot": Bot.CodingKeys.allCases.map(\.stringValue),
        "database": Database.CodingKeys.allCases.map(\.stringValue),
        "encryption": Encryption.CodingKeys.allCases.map(\.stringValue),
        "logging": Logging.CodingKeys.allCases.map(\.stringValue),
        "streaming": Streaming.CodingKeys.allCases.map(\.stringValue),
        "control": Control.CodingKeys.allCases.map(\.stringValue),
    ]

    /// Every key nobody reads, at the top and in the sections above, each with the closest known key if it looks
    /// like a typo: `encryption.alow: unknown key; did you mean allow?`.
    static func unknownKeys(in document: ConfigDocument) -> [ConfigError] {
        var errors: [ConfigError] = []
        for key in document.keys(at: ConfigPath([])).sorted() where !topLevelKeys.contains(key) {
            errors.append(ConfigError(key, UnknownKeyProblem.describe(key, known: topLevelKeys)))
        }
        for (path, known) in sectionKeys.sorted(by: { $0.key < $1.key }) {
            for key in document.keys(at: ConfigPath(dotted: path)).sorted() where !known.contains(key) {
                errors.append(ConfigError(path + "." + key, UnknownKeyProblem.describe(key, known: known)))
            }
        }
        return errors
    }
}
