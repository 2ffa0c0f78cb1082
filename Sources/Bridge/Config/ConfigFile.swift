import MatrixAppService
import MatrixCrypto

/// The config file exactly as written: every key optional, so that validation (not the decoder) says
/// what is missing, naming the key.
struct ConfigFile: Decodable {
    struct Homeserver: Decodable {
        var address: String?
        var domain: String?
    }

    struct Bot: Decodable {
        var username: String?
        var displayname: String?
        var avatar: String?
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

        enum CodingKeys: String, CodingKey {
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
    }

    struct Encryption: Decodable {
        var allow: Bool?
        var `default`: Bool?
        var require: Bool?
        var pickleKey: String?
        /// Parsed by `VerificationLevelsSettings`, which names unknown keys and levels.
        var verificationLevels: JSONValue?

        enum CodingKeys: String, CodingKey {
            case allow, `default`, require
            case pickleKey = "pickle_key"
            case verificationLevels = "verification_levels"
        }
    }

    struct Logging: Decodable {
        var level: String?
    }

    struct Streaming: Decodable {
        var editIntervalMs: Int?
        var maxEdits: Int?
        var footer: Bool?
        var menuLifetimeS: Int?

        enum CodingKeys: String, CodingKey {
            case footer
            case editIntervalMs = "edit_interval_ms"
            case maxEdits = "max_edits"
            case menuLifetimeS = "menu_lifetime_s"
        }
    }

    struct Control: Decodable {
        var hostname: String?
        var port: Int?
        var socket: String?
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

    enum CodingKeys: String, CodingKey {
        case homeserver, appservice, database, permissions, encryption, logging, owners, streaming, telegram, control, automation
        case dataDir = "data_dir"
    }

    /// Besides these, `agents`, `providers` and `runtime` belong to the agent runtime's config.
    static let topLevelKeys: Set<String> = [
        "homeserver", "appservice", "database", "data_dir", "permissions", "encryption", "logging", "owners",
        "streaming", "telegram", "agents", "providers", "runtime", "control", "automation",
    ]
}
