import MatrixAppService

/// The `commands:` section: how chat commands are written on Matrix. Telegram keeps `/`, its own convention.
public struct CommandSettings: Sendable, Equatable {
    static let keys: Set<String> = ["prefix"]
    public static let defaultPrefix = "!"

    /// What starts a command on Matrix, and the only thing that does: Element keeps `/` for its own commands, so a
    /// `/foo` that reaches Troupe is an ordinary message.
    public var prefix = CommandSettings.defaultPrefix

    public init(prefix: String = CommandSettings.defaultPrefix) {
        self.prefix = prefix
    }

    /// Reads the section as written, collecting one error per bad key.
    static func parse(_ value: JSONValue?) -> (CommandSettings, [ConfigError]) {
        var settings = CommandSettings()
        var reader = SectionReader(prefix: "commands")
        guard let section = reader.mapping(value, keys: keys, what: "command settings") else { return (settings, reader.errors) }
        if let prefix = reader.string(section, "prefix") {
            if let problem = problem(with: prefix) { reader.fail("prefix", problem) } else { settings.prefix = prefix }
        }
        return (settings, reader.errors)
    }

    /// Why `prefix` cannot start commands, or nil when it can.
    static func problem(with prefix: String) -> String? {
        if let bad = prefix.first(where: { $0.isLetter || $0.isNumber || $0.isWhitespace }) {
            return "\"\(prefix)\" contains \"\(bad)\"; use one or more characters that are neither letters, digits nor spaces, such as ! or ."
        }
        // `@name text` already addresses an agent or a side session.
        if prefix.hasPrefix("@") { return "must not start with @, which addresses an agent (@name text); use ! or . for instance" }
        return nil
    }
}
