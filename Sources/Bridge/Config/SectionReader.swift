import Agents
import MatrixAppService

/// Reads one mapping of a config section, naming each bad key under `prefix`.
struct SectionReader {
    let prefix: String
    var errors: [ConfigError] = []

    mutating func fail(_ key: String, _ problem: String) { errors.append(ConfigError(prefix + "." + key, problem)) }

    /// The section's keys, or nil when it is absent or not a mapping (then an error says so). Unknown keys are errors.
    mutating func mapping(_ value: JSONValue?, keys: Set<String>, what: String) -> [String: JSONValue]? {
        guard let value, value != .null else { return nil }
        guard case .object(let section) = value else {
            errors.append(ConfigError(prefix, "expected a mapping of \(what)"))
            return nil
        }
        for key in section.keys.sorted() where !keys.contains(key) {
            fail(key, UnknownKeyProblem.describe(key, known: keys))
        }
        return section
    }

    mutating func bool(_ section: [String: JSONValue], _ key: String) -> Bool? {
        guard let raw = section[key], raw != .null else { return nil }
        guard case .bool(let flag) = raw else {
            fail(key, "expected true or false")
            return nil
        }
        return flag
    }

    mutating func int(_ section: [String: JSONValue], _ key: String) -> Int? {
        guard let raw = section[key], raw != .null else { return nil }
        guard case .int(let number) = raw, let value = Int(exactly: number) else {
            fail(key, "expected a whole number")
            return nil
        }
        return value
    }

    mutating func string(_ section: [String: JSONValue], _ key: String) -> String? {
        guard let raw = section[key], raw != .null else { return nil }
        guard let text = raw.stringValue, !text.isEmpty else {
            fail(key, "expected a non-empty string")
            return nil
        }
        return text
    }
}
