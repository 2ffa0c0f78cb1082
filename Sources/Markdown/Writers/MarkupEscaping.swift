import Foundation

/// Escaping shared by the Matrix and Telegram HTML writers.
public enum MarkupEscaping {
    /// `&`, `<` and `>` as entities: all that text between tags needs.
    public static func text(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    /// Text in a double-quoted attribute also needs its quotes escaped.
    static func attribute(_ text: String) -> String {
        self.text(text).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
