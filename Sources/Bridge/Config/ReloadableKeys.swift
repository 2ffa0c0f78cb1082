import Yams

/// Which keys a config reload applies while running, and which wait for a restart. The list of live keys and
/// `carry(from:into:)` must name the same settings: a key is either taken over whole or not at all.
enum ReloadableKeys {
    /// Dotted paths (and everything under them) that apply without a restart.
    static let live: [String] = [
        "permissions", "owners", "agents", "providers", "streaming",
        "telegram.allowed_users", "telegram.admins", "telegram.allowed_groups", "telegram.group_mention_only",
        "automation.timezone", "automation.grace_seconds", "automation.permission",
        "agents_env_file", "language",
    ]

    static func isLive(_ path: String) -> Bool {
        live.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") }
    }

    /// The config in force after a reload: the running one, with every live setting taken from the new one.
    static func carry(from new: TroupeConfig, into running: TroupeConfig) -> TroupeConfig {
        var result = running
        result.permissions = new.permissions
        result.owners = new.owners
        let limits = running.agents.runtime
        result.agents = new.agents
        result.agents.runtime = limits
        result.streaming = new.streaming
        result.telegram.allowedUsers = new.telegram.allowedUsers
        result.telegram.admins = new.telegram.admins
        result.telegram.allowedGroups = new.telegram.allowedGroups
        result.telegram.groupMentionOnly = new.telegram.groupMentionOnly
        result.automation.timezone = new.automation.timezone
        result.automation.grace = new.automation.grace
        result.automation.permission = new.automation.permission
        result.language = new.language
        return result
    }

    /// Every dotted key whose value differs between two config texts (added and removed keys included).
    static func changedPaths(from old: String, to new: String) -> [String] {
        let before = flatten(try? Yams.load(yaml: old))
        let after = flatten(try? Yams.load(yaml: new))
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    /// The changed keys that need a restart, grouped to the shortest path worth naming (`appservice.port`,
    /// not every leaf under a changed list).
    static func restartRequired(_ changed: [String]) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        for path in changed where !isLive(path) {
            let name = path.split(separator: "[", maxSplits: 1).first.map(String.init) ?? path
            if seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    private static func flatten(_ value: Any?, prefix: String = "") -> [String: String] {
        switch value {
        case let mapping as [String: Any]:
            if mapping.isEmpty { return [prefix: "{}"] }
            var result: [String: String] = [:]
            for (key, child) in mapping {
                result.merge(flatten(child, prefix: prefix.isEmpty ? key : prefix + "." + key)) { $1 }
            }
            return result
        case let list as [Any]:
            if list.isEmpty { return [prefix: "[]"] }
            var result: [String: String] = [:]
            for (index, child) in list.enumerated() { result.merge(flatten(child, prefix: prefix + "[\(index)]")) { $1 } }
            return result
        case nil:
            return prefix.isEmpty ? [:] : [prefix: "null"]
        case let some?:
            return [prefix: "\(some)"]
        }
    }
}
