import Agents
import Foundation
import MatrixAppService

/// The `telegram:` section: the bot token's variable, where the Bot API is, and who may use the bot.
public struct TelegramSettings: Sendable, Equatable {
    public static let defaultTokenEnv = "TROUPE_TELEGRAM_TOKEN"
    public static let defaultAPIURL = "https://api.telegram.org"
    static let keys: Set<String> = [
        "enabled", "token_env", "api_url", "allowed_users", "admins", "allowed_groups", "group_mention_only", "mirror", "agent_bots",
    ]

    /// Telegram people are `telegram:<user id>` as senders (in jobs' creators, turns' requesters).
    public static let senderPrefix = "telegram:"

    public var enabled = false
    /// The environment variable holding the main bot's token; the token itself never sits in the config.
    public var tokenEnv = defaultTokenEnv
    /// `https://api.telegram.org`, or a self-hosted Bot API server.
    public var apiURL = defaultAPIURL
    /// Telegram user ids that may talk to the bot in private chats (and in any allowed group).
    public var allowedUsers: Set<Int64> = []
    /// Telegram user ids with the admin level (they may also use the bot in private): they may change scheduled jobs,
    /// heartbeats and webhooks, which `automation.permission` keeps for admins by default.
    public var admins: Set<Int64> = []
    /// Group ids (negative numbers) whose members may talk to the bot; it leaves every other group.
    public var allowedGroups: Set<Int64> = []
    /// In groups, answer only messages that mention the bot or reply to it.
    public var groupMentionOnly = true
    public var mirror = false
    /// Agents with a bot of their own: agent name → the variable holding that bot's token.
    public var agentBots: [String: String] = [:]

    public init() {}

    /// Reads the section as written, collecting one error per bad key.
    static func parse(_ value: JSONValue?, agents: Set<String>) -> (TelegramSettings, [ConfigError]) {
        var settings = TelegramSettings()
        var reader = SectionReader(prefix: "telegram")
        guard let section = reader.mapping(value, keys: keys, what: "telegram settings") else { return (settings, reader.errors) }
        func fail(_ key: String, _ problem: String) { reader.fail(key, problem) }
        func bool(_ key: String) -> Bool? { reader.bool(section, key) }
        func variable(_ key: String, _ raw: JSONValue?) -> String? {
            guard let raw, raw != .null else { return nil }
            guard let name = raw.stringValue, isVariableName(name) else {
                fail(key, "expected the name of an environment variable (letters, digits and _), e.g. \(defaultTokenEnv)")
                return nil
            }
            return name
        }
        func ids(_ key: String) -> Set<Int64> {
            guard let raw = section[key], raw != .null else { return [] }
            guard case .array(let items) = raw else {
                fail(key, "expected a list of Telegram ids, e.g. [123456789]")
                return []
            }
            var result: Set<Int64> = []
            for (index, item) in items.enumerated() {
                if case .int(let id) = item, id != 0 {
                    result.insert(id)
                } else if let text = item.stringValue, let id = Int64(text), id != 0 {
                    result.insert(id)
                } else {
                    fail("\(key)[\(index)]", "expected a numeric Telegram id, not \(describe(item)) (usernames change; ids do not)")
                }
            }
            return result
        }

        settings.enabled = bool("enabled") ?? false
        settings.tokenEnv = variable("token_env", section["token_env"]) ?? defaultTokenEnv
        if let raw = section["api_url"], raw != .null {
            if let text = raw.stringValue, let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
               url.host != nil {
                settings.apiURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            } else {
                fail("api_url", "must be an http:// or https:// URL, not \(describe(raw))")
            }
        }
        settings.allowedUsers = ids("allowed_users")
        settings.admins = ids("admins")
        settings.allowedUsers.formUnion(settings.admins)
        settings.allowedGroups = ids("allowed_groups")
        for group in settings.allowedGroups where group > 0 {
            fail("allowed_groups", "\(group) is a user id; group ids are negative (e.g. -1001234567890)")
        }
        settings.groupMentionOnly = bool("group_mention_only") ?? true
        settings.mirror = bool("mirror") ?? false
        // Telegram users appear in Matrix as @<prefix>tg_<id>; an agent of such a name would be mistaken for one.
        for agent in agents.sorted() where settings.mirror && agent.hasPrefix(TelegramMirror.puppetPrefix) {
            fail("mirror", "agent \(agent) would share the names of the mirror's Telegram users (\(TelegramMirror.puppetPrefix)<id>); rename it")
        }
        if let raw = section["agent_bots"], raw != .null {
            if case .object(let bots) = raw {
                for (agent, env) in bots.sorted(by: { $0.key < $1.key }) {
                    guard let name = variable("agent_bots.\(agent)", env) else { continue }
                    if !agents.contains(agent) {
                        fail("agent_bots.\(agent)", "no agent named \(agent) under agents (known: \(agents.sorted().joined(separator: ", ")))")
                    } else if agent == "main" {
                        fail("agent_bots.main", "the main agent uses the bot from telegram.token_env")
                    } else if name == settings.tokenEnv {
                        fail("agent_bots.\(agent)", "must name a different variable than telegram.token_env (\(name)): each bot has its own token")
                    } else {
                        settings.agentBots[agent] = name
                    }
                }
                let variables = Array(settings.agentBots.values)
                if Set(variables).count != variables.count { fail("agent_bots", "two agents name the same token variable") }
            } else {
                fail("agent_bots", "expected a mapping of agent name to token variable, e.g. { coder: TROUPE_TELEGRAM_TOKEN_CODER }")
            }
        }
        if settings.enabled && settings.allowedUsers.isEmpty && settings.allowedGroups.isEmpty {
            fail("allowed_users", "empty, so nobody could use the bot: add your numeric Telegram user id (the bot tells you yours when you message it)")
        }
        return (settings, reader.errors)
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .bool(let flag): "\(flag)"
        case .null: "nothing"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}
