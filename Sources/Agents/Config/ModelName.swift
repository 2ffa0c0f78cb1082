/// Model names reach a CLI's argv, so only names that cannot be read as a flag or split into
/// two arguments are accepted: `^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$`, at most 200 characters.
/// Checked wherever a model is accepted (config, `!model`, spawn) and again right before a CLI starts,
/// so a value stored before this check existed cannot slip through.
public enum ModelName {
    public static let maxLength = 200
    public static let pattern = "^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$"

    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maxLength, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || "._:/@+-".utf8.contains($0) }
    }

    /// Throws a configuration error naming the rule, for a message a user can act on.
    public static func validate(_ name: String) throws {
        guard isValid(name) else {
            throw AgentError(.invalidModel(String(name.prefix(80))))
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
