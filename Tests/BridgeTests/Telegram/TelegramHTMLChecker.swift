@testable import Bridge

/// What Telegram demands of HTML text, checked independently of the renderer: only its tags, each
/// closed in order, attributes only where allowed, and no raw `<`, `>` or `&` outside entities.
enum TelegramHTMLChecker {
    static let allowed: Set<String> = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "blockquote", "tg-spoiler"]

    /// Nil when valid, else the first problem.
    static func problem(_ html: String) -> String? {
        var stack: [String] = []
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == ">" { return "raw > at \(html.distance(from: html.startIndex, to: index))" }
            if character == "&" {
                let rest = html[index...]
                guard ["&amp;", "&lt;", "&gt;", "&quot;"].contains(where: { rest.hasPrefix($0) }) else { return "raw & in \(rest.prefix(12))" }
            }
            guard character == "<" else {
                index = html.index(after: index)
                continue
            }
            guard let close = html[index...].firstIndex(of: ">") else { return "unterminated tag" }
            let tag = html[html.index(after: index)..<close]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.last == name else { return "</\(name)> closes \(stack.last ?? "nothing")" }
                stack.removeLast()
            } else {
                let name = String(tag.prefix(while: { $0 != " " }))
                guard allowed.contains(name) else { return "tag <\(name)> is not Telegram's" }
                let attributes = tag.dropFirst(name.count)
                if !attributes.isEmpty {
                    let ok = (name == "a" && attributes.hasPrefix(" href=\"")) || (name == "code" && attributes.hasPrefix(" class=\"language-"))
                    guard ok, !attributes.dropFirst().contains("<") else { return "attributes on <\(name)>: \(attributes)" }
                }
                if name == "code", stack.contains(where: { $0 != "pre" && $0 != "blockquote" }) { return "code inside \(stack)" }
                if name == "pre", stack.contains(where: { $0 != "blockquote" }) { return "pre inside \(stack)" }
                if stack.contains("code") || stack.contains("pre") && name != "code" { return "<\(name)> inside code" }
                stack.append(name)
            }
            index = html.index(after: close)
        }
        return stack.isEmpty ? nil : "unclosed \(stack)"
    }
}
