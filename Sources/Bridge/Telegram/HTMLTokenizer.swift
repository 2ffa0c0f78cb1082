/// A forgiving HTML tokenizer, used by `TelegramSplitter` to cut rendered Telegram HTML (and by anything
/// that must read HTML it did not write): tags, end tags and text. Anything that is not a well-formed tag — a lone `<`, `a<b`, an unclosed
/// `<div` — is text, so no input is ever lost or misread as markup.
enum HTMLToken: Equatable {
    case start(name: String, attributes: [String: String], raw: String)
    case end(name: String)
    /// Text with entities still encoded, exactly as in the source.
    case text(String)
}

enum HTMLTokenizer {
    static func tokenize(_ html: String) -> [HTMLToken] {
        var tokens: [HTMLToken] = []
        var text = ""
        var index = html.startIndex
        while index < html.endIndex {
            if html[index] == "<", let (token, next) = tag(in: html, at: index) {
                if !text.isEmpty { tokens.append(.text(text)) }
                text = ""
                if let token { tokens.append(token) }
                index = next
            } else {
                text.append(html[index])
                index = html.index(after: index)
            }
        }
        if !text.isEmpty { tokens.append(.text(text)) }
        return tokens
    }

    /// The tag starting at `start` (nil token for a comment), and the index after it; nil if it is no tag.
    private static func tag(in html: String, at start: String.Index) -> (HTMLToken?, String.Index)? {
        let rest = html[html.index(after: start)...]
        if rest.hasPrefix("!--") {
            guard let close = rest.range(of: "-->") else { return nil }
            return (nil, close.upperBound)
        }
        var cursor = rest.startIndex
        let isEnd = rest.first == "/"
        if isEnd { cursor = rest.index(after: cursor) }
        let nameStart = cursor
        while cursor < rest.endIndex, rest[cursor].isASCII, rest[cursor].isLetter || rest[cursor].isNumber || rest[cursor] == "-" {
            cursor = rest.index(after: cursor)
        }
        let name = rest[nameStart..<cursor].lowercased()
        guard let first = name.first, first.isLetter else { return nil }
        // Attributes run to the first `>` outside quotes.
        var quote: Character?
        var attributeText = ""
        while cursor < rest.endIndex {
            let character = rest[cursor]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                break
            } else if character == "<" {
                return nil
            }
            attributeText.append(character)
            cursor = rest.index(after: cursor)
        }
        guard cursor < rest.endIndex else { return nil }
        let after = rest.index(after: cursor)
        if isEnd { return (.end(name: name), after) }
        return (.start(name: name, attributes: attributes(attributeText), raw: String(html[start..<after])), after)
    }

    private static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(text)
        while true {
            rest = rest.drop(while: { $0.isWhitespace || $0 == "/" })
            guard !rest.isEmpty else { break }
            let nameEnd = rest.firstIndex(where: { $0.isWhitespace || $0 == "=" }) ?? rest.endIndex
            let name = rest[..<nameEnd].lowercased()
            rest = rest[nameEnd...].drop(while: \.isWhitespace)
            guard rest.first == "=" else {
                result[name] = ""
                continue
            }
            rest = rest.dropFirst().drop(while: \.isWhitespace)
            if let quote = rest.first, quote == "\"" || quote == "'" {
                let body = rest.dropFirst()
                let close = body.firstIndex(of: quote) ?? body.endIndex
                result[name] = String(body[..<close])
                rest = close < body.endIndex ? body[body.index(after: close)...] : body[close...]
            } else {
                let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
                result[name] = String(rest[..<end])
                rest = rest[end...]
            }
        }
        return result
    }

    /// Decodes the entities HTML renderers emit; an unknown or malformed `&…` stays as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if let decoded = entity(String(name)) {
                output.append(decoded)
                index = text.index(after: semicolon)
            } else {
                output.append(character)
                index = text.index(after: index)
            }
        }
        return output
    }

    private static func entity(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{00A0}"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
