import Foundation

/// The reaction digits 1️⃣ … 🔟 that stand for options.
///
/// Clients differ in how they send a keycap: `2️⃣` is "2" U+FE0F U+20E3, but some drop the variation
/// selector and send "2" U+20E3. Both (and the typed digit) pick option 2.
public enum Keycap {
    public static let ten = "\u{1F51F}"

    /// The canonical emoji for option `number` (1…10), as the bot seeds it.
    public static func emoji(_ number: Int) -> String? {
        switch number {
        case 1...9: "\(number)\u{FE0F}\u{20E3}"
        case 10: ten
        default: nil
        }
    }

    /// The option number a reaction key or a typed message stands for, or nil.
    public static func number(from text: String) -> Int? {
        let stripped = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FE0F}" }))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if stripped == ten { return 10 }
        if stripped.unicodeScalars.count == 2, stripped.unicodeScalars.last == "\u{20E3}",
           let digit = stripped.unicodeScalars.first.flatMap({ Int(String($0)) }), (1...9).contains(digit) {
            return digit
        }
        if let typed = Int(stripped), (1...10).contains(typed) { return typed }
        return nil
    }
}
