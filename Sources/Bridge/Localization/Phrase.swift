/// One catalog entry: a text with `{name}` placeholders, or forms chosen by the `{count}` argument.
enum Phrase: Sendable, ExpressibleByStringLiteral {
    case text(String)
    /// `few` and `many` are Russian's; other languages give `one` and `other`, and a missing form falls back to `other`.
    case plural(one: String, few: String? = nil, many: String? = nil, other: String)

    init(stringLiteral value: String) { self = .text(value) }

    /// Every form, for the catalog checks.
    var forms: [String] {
        switch self {
        case .text(let text): [text]
        case .plural(let one, let few, let many, let other): [one, few, many, other].compactMap { $0 }
        }
    }

    func form(for count: Int?, in language: Language) -> String {
        switch self {
        case .text(let text):
            return text
        case .plural(let one, let few, let many, let other):
            guard let count else { return other }
            switch language.pluralCategory(count) {
            case .one: return one
            case .few: return few ?? other
            case .many: return many ?? other
            case .other: return other
            }
        }
    }

    /// The `{name}` placeholders of a form, in order, repeats included.
    static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0 == "_" }) { names.append(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }
}
