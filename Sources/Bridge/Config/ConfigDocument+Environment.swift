import Foundation
import Yams

/// Environment overrides in mautrix-go's convention: `TROUPE_APPSERVICE__AS_TOKEN=…` sets `appservice.as_token`.
/// The prefix is `env_config_prefix` in the file (empty turns overrides off), `TROUPE_` by default; after it,
/// a double underscore goes one level deeper and names are lower-cased. Values are read as YAML scalars, so
/// `8080` is a number and `true` a flag; lists and mappings stay in the file.
extension ConfigDocument {
    static let defaultEnvironmentPrefix = "TROUPE_"
    static let environmentPrefixKey = "env_config_prefix"

    /// The prefix overrides start with; nil when the file turns them off (or names no usable prefix).
    var environmentPrefix: String? {
        guard let node = node(at: ConfigPath([.key(Self.environmentPrefixKey)])) else { return Self.defaultEnvironmentPrefix }
        guard let prefix = node.scalar?.string, node.null == nil, !prefix.isEmpty else { return nil }
        return prefix
    }

    /// Lays every override over the file (the environment wins), in name order. Variables under the prefix
    /// without a double underscore are overrides only when they name a top-level key: Troupe's other
    /// variables (`TROUPE_TELEGRAM_TOKEN`, `TROUPE_LOG_LEVEL`) share the prefix.
    mutating func applyEnvironment(_ environment: [String: String]) -> [ConfigError] {
        var errors: [ConfigError] = []
        if let node = node(at: ConfigPath([.key(Self.environmentPrefixKey)])), node.null == nil, node.scalar == nil {
            errors.append(ConfigError(Self.environmentPrefixKey, "expected a string such as TROUPE_ (or \"\" to turn overrides off)"))
        }
        guard let prefix = environmentPrefix else { return errors }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).components(separatedBy: "__").map { $0.lowercased() }
            guard parts.count > 1 || ConfigFile.topLevelKeys.contains(parts[0]) else { continue }
            let path = ConfigPath(parts.map { .key($0) })
            if parts.contains("") {
                errors.append(ConfigError(name, "is not a config key: an empty part between double underscores"))
                continue
            }
            if parts == [Self.environmentPrefixKey] {
                errors.append(ConfigError(name, "\(Self.environmentPrefixKey) can only be set in the file"))
                continue
            }
            do throws(BlockedPath) {
                try set(Node(value), at: path, origin: "set by \(name)")
            } catch {
                errors.append(ConfigError(path.description, "cannot be set by \(name): \(error.at) is not a mapping in the file"))
            }
        }
        return errors
    }
}
