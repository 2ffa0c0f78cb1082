/// Renders Troupe's own chat texts in one language. Cheap to make: routers ask `ChatLanguages` for one per message,
/// so a changed language (a chat's `!language`, a reloaded config) applies to the next message rendered.
public struct Localizer: Sendable, Equatable {
    public let language: Language

    public init(_ language: Language = .default) { self.language = language }

    /// The text for `key` with its `{name}` placeholders filled in; `count` chooses the plural form (and fills `{count}`).
    func callAsFunction(_ key: TextKey, _ arguments: [String: String] = [:], count: Int? = nil) -> String {
        let phrase = Catalog.phrases(for: language)[key] ?? Catalog.en[key] ?? .text(key.rawValue)
        var arguments = arguments
        if let count { arguments["count"] = String(count) }
        return Self.fill(phrase.form(for: count, in: language), with: arguments)
    }

    static func fill(_ template: String, with arguments: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let value = arguments[String(after[..<close])] {
                result += value
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        return result + rest
    }
}
