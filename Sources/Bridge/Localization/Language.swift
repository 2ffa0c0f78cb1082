/// A language Troupe writes its own chat messages in (never the agents' text, never log lines).
public enum Language: String, CaseIterable, Sendable, Codable {
    case en, de, fr, es, nl, ru, pt

    /// `language:` when the config names none.
    public static let `default` = Language.en

    /// The language's name in itself, as a chat lists it.
    public var name: String {
        switch self {
        case .en: "English"
        case .de: "Deutsch"
        case .fr: "Français"
        case .es: "Español"
        case .nl: "Nederlands"
        case .ru: "Русский"
        case .pt: "Português"
        }
    }

    /// `Deutsch (de)`.
    public var label: String { "\(name) (\(rawValue))" }

    /// Every code, for error messages: `en, de, fr, es, nl, ru, pt`.
    public static var codes: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads `de`, `DE` or `de-AT` style codes; nil for anything else.
    public init?(code: String) {
        let base = code.trimmingCharacters(in: .whitespaces).lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first
        guard let base, let language = Language(rawValue: String(base)) else { return nil }
        self = language
    }

    /// Which plural form a count takes (CLDR cardinal rules for integers).
    func pluralCategory(_ count: Int) -> PluralCategory {
        let n = abs(count)
        switch self {
        case .en, .de, .nl, .es:
            return n == 1 ? .one : .other
        case .fr, .pt:
            // French and (Brazilian) Portuguese: 0 and 1 are singular.
            return n <= 1 ? .one : .other
        case .ru:
            let mod10 = n % 10, mod100 = n % 100
            if mod10 == 1 && mod100 != 11 { return .one }
            if (2...4).contains(mod10) && !(12...14).contains(mod100) { return .few }
            return .many
        }
    }
}

/// The plural forms the shipped languages need: `one` and `other` everywhere, `few` and `many` for Russian.
enum PluralCategory: Sendable { case one, few, many, other }
