/// `@name rest`, `@name: rest`, `@name, rest` at the start of a message: how an agent or a side session is addressed
/// by name, on every messenger.
enum AtName {
    /// The name (lowercased) and the text after it; nil when the message does not start with `@name`.
    static func split(_ text: String) -> (name: String, rest: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("@") else { return nil }
        let name = trimmed.dropFirst().prefix { !$0.isWhitespace && $0 != ":" && $0 != "," }
        guard !name.isEmpty else { return nil }
        var rest = trimmed.dropFirst(name.count + 1)
        if rest.first == ":" || rest.first == "," { rest = rest.dropFirst() }
        return (name.lowercased(), rest.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
