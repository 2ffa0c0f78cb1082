import Foundation

/// A chat command as typed: `!agents add coder --provider "codex"` → name `agents`, arguments
/// `["add", "coder", "--provider", "codex"]`.
public struct ChatCommand: Sendable, Equatable {
    public var name: String
    public var arguments: [String]
    /// The text after the command name, untouched (for commands that take free text).
    public var rest: String

    /// Parses a message body written with `prefix` (`!` on Matrix unless `commands.prefix` says otherwise, `/` on
    /// Telegram). Names are case-insensitive. Returns nil for ordinary text, including text with another prefix.
    public static func parse(_ body: String, prefix: String = CommandSettings.defaultPrefix) -> ChatCommand? {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !prefix.isEmpty, text.hasPrefix(prefix) else { return nil }
        let afterPrefix = text.dropFirst(prefix.count)
        let nameEnd = afterPrefix.firstIndex(where: \.isWhitespace) ?? afterPrefix.endIndex
        let name = afterPrefix[..<nameEnd].lowercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let rest = afterPrefix[nameEnd...].trimmingCharacters(in: .whitespaces)
        return ChatCommand(name: name, arguments: tokenize(rest), rest: rest)
    }

    /// `!coder status` → ("coder", `status`) when coder is one of `agents`: a command addressed to an agent by
    /// naming it after the prefix. Nil when the first word names no agent or nothing after it is a command.
    public func addressed(among agents: [String], prefix: String) -> (agent: String, command: ChatCommand)? {
        guard agents.contains(name), let inner = ChatCommand.parse(prefix + rest, prefix: prefix) else { return nil }
        return (name, inner)
    }

    /// Splits on white space, honouring "double", 'single' and “curly” quotes and backslash escapes.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inToken = false
        var quote: Character?
        var escaping = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
                continue
            }
            if character == "\\" {
                escaping = true
                inToken = true
                continue
            }
            if let open = quote {
                if character == closing(of: open) { quote = nil } else { current.append(character) }
                continue
            }
            if character == "\"" || character == "'" || character == "“" || character == "‘" {
                quote = character
                inToken = true
            } else if character.isWhitespace {
                if inToken { tokens.append(current) }
                current = ""
                inToken = false
            } else {
                current.append(character)
                inToken = true
            }
        }
        if inToken { tokens.append(current) }
        return tokens
    }

    private static func closing(of quote: Character) -> Character {
        switch quote {
        case "“": "”"
        case "‘": "’"
        default: quote
        }
    }
}

extension Character {
    fileprivate var isWhitespace: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
}
