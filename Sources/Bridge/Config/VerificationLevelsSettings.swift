import Agents
import MatrixAppService
import MatrixCrypto

/// `encryption.verification_levels`: which devices the agents give keys to, take messages from, and answer
/// key requests of. Unset keys keep Element's behaviour (`cross-signed-tofu`).
enum VerificationLevelsSettings {
    static let keys: Set<String> = ["receive", "send", "share"]

    static func parse(_ value: JSONValue?) -> (VerificationLevels, [ConfigError]) {
        var levels = VerificationLevels.default
        var errors: [ConfigError] = []
        let prefix = "encryption.verification_levels"
        guard let value, value != .null else { return (levels, []) }
        guard case .object(let section) = value else {
            return (levels, [ConfigError(prefix, "expected a mapping with receive, send and share")])
        }
        for key in section.keys.sorted() where !keys.contains(key) {
            errors.append(ConfigError("\(prefix).\(key)", UnknownKeyProblem.describe(key, known: keys)))
        }
        func level(_ key: String) -> TrustLevel? {
            guard let raw = section[key], raw != .null else { return nil }
            guard let name = raw.stringValue, let parsed = TrustLevel(rawValue: name) else {
                let known = TrustLevel.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(ConfigError("\(prefix).\(key)", "unknown level \(raw.stringValue.map { "\"\($0)\"" } ?? "\(raw)") (use \(known))"))
                return nil
            }
            return parsed
        }
        if let receive = level("receive") { levels.receive = receive }
        if let send = level("send") { levels.send = send }
        if let share = level("share") { levels.share = share }
        return (levels, errors)
    }
}
