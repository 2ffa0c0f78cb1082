import Markdown

/// Escaping shared by the Matrix and Telegram HTML writers.
enum MarkupEscaping {
    /// `&`, `<` and `>` as entities: all that text between tags needs.
    static func text(_ text: String) -> String {
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

/// Which link targets become links; anything else (`javascript:`, `data:`, relative paths) stays text.
enum LinkTarget {
    static let matrixSchemes: Set<String> = ["http", "https", "mailto", "matrix", "mxc", "tg"]
    static let telegramSchemes: Set<String> = ["http", "https", "tg", "mailto"]

    static func isSafe(_ href: String, schemes: Set<String>) -> Bool {
        guard let colon = href.firstIndex(of: ":") else { return false }
        return schemes.contains(href[..<colon].lowercased())
    }
}

/// A code block's language as a class name: letters, digits and `_+-#.` only, so it cannot leave the attribute.
enum CodeLanguage {
    static func sanitised(_ language: String?) -> String? {
        guard let language else { return nil }
        let kept = String(language.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-#.".contains($0)) })
        return kept.isEmpty ? nil : kept
    }
}

/// The mark a GFM task list item starts with in both outputs (neither Matrix nor Telegram has checkboxes).
enum TaskMark {
    static func prefix(_ task: MarkdownListItem.Task?) -> String {
        switch task {
        case .open?: "☐ "
        case .done?: "☑ "
        case nil: ""
        }
    }
}
