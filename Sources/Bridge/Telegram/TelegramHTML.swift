import Foundation
import Ink

/// Agent output (Markdown) as Telegram HTML: only the tags Telegram accepts (b, i, u, s, code, pre,
/// `pre > code class="language-…"`, a href, blockquote, tg-spoiler), always balanced, with `<`, `>` and
/// `&` escaped in text and attributes. Headings become bold lines, list items "• " lines, paragraphs
/// are separated by a blank line. Ink parses the Markdown; its HTML (and any raw HTML the agent wrote)
/// is then rebuilt tag by tag, so whatever the input, Telegram never rejects the result.
public enum TelegramHTML {
    public static func render(_ markdown: String) -> String {
        // A parser per call: Ink's parser is a cheap value, but not Sendable, so it is never shared.
        convert(MarkdownParser().html(from: ChatMarkdown.withHardBreaks(markdown)))
    }

    /// `&`, `<` and `>` as entities: all Telegram requires in text.
    public static func escape(_ text: String) -> String {
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
    static func escapeAttribute(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Rebuilds arbitrary HTML with Telegram's tags only.
    static func convert(_ html: String) -> String {
        var builder = Builder()
        for token in HTMLTokenizer.tokenize(html) { builder.take(token) }
        return builder.finish()
    }

    private struct Builder {
        var output = ""
        /// Open Telegram tags: name and the exact opening text (to reopen it after a misnested close).
        var stack: [(name: String, open: String)] = []
        /// Newlines owed before the next visible content; paid lazily so nothing trails at the end.
        var pendingBreaks = 0
        /// Right after the start or a block-opening tag: separators would only add empty lines.
        var atBlockStart = true
        /// Inside pre or code nothing may be nested; tags there are dropped and their text kept.
        var verbatim: String?
        /// Tags closed while a code span or block is open (Telegram lets nothing but blockquote hold
        /// code), reopened after it.
        var suspended: [(name: String, open: String)] = []
        var innerQuotes = 0
        var lists: [(ordered: Bool, counter: Int)] = []
        var cellsInRow = 0

        mutating func take(_ token: HTMLToken) {
            switch token {
            case .text(let raw):
                text(HTMLTokenizer.decodeEntities(raw))
            case .start(let name, let attributes, let raw):
                start(name, attributes, raw: raw)
            case .end(let name):
                end(name)
            }
        }

        mutating func text(_ text: String) {
            if verbatim == nil && text.allSatisfy(\.isWhitespace) && (text.contains("\n") || atBlockStart || pendingBreaks > 0) {
                return
            }
            payBreaks()
            output += TelegramHTML.escape(text)
            atBlockStart = false
        }

        mutating func start(_ name: String, _ attributes: [String: String], raw: String) {
            if let verbatim {
                // The one nesting Telegram allows: a code block's language as `pre > code class`.
                if verbatim == "pre", name == "code", stack.last?.name == "pre", output.hasSuffix("<pre>") {
                    let language = (attributes["class"] ?? "").split(separator: " ")
                        .first { $0.hasPrefix("language-") }
                        .map { $0.dropFirst("language-".count).filter { $0.isLetter || $0.isNumber || "_+-#.".contains($0) } }
                    open("code", language.flatMap { $0.isEmpty ? nil : "<code class=\"language-\($0)\">" } ?? "<code>")
                }
                return
            }
            switch name {
            case "p", "div":
                block(breaks: lists.isEmpty ? 2 : 1)
            case "h1", "h2", "h3", "h4", "h5", "h6":
                block(breaks: 2)
                payBreaks()
                open("b", "<b>")
            case "ul", "ol":
                if lists.isEmpty { block(breaks: 2) } else { requestBreaks(1) }
                lists.append((ordered: name == "ol", counter: Int(attributes["start"] ?? "") ?? 1))
            case "li":
                requestBreaks(1)
                payBreaks()
                let indent = String(repeating: "  ", count: max(0, lists.count - 1))
                if var list = lists.last, list.ordered {
                    output += "\(indent)\(list.counter). "
                    list.counter += 1
                    lists[lists.count - 1] = list
                } else {
                    output += "\(indent)• "
                }
                atBlockStart = true
            case "blockquote":
                block(breaks: 2)
                // Telegram does not nest quotes: an inner quote joins the outer one.
                guard !stack.contains(where: { $0.name == "blockquote" }) else {
                    innerQuotes += 1
                    return
                }
                payBreaks()
                open("blockquote", "<blockquote>")
                atBlockStart = true
            case "pre":
                block(breaks: 2)
                payBreaks()
                suspendInline()
                open("pre", "<pre>")
                verbatim = "pre"
            case "br":
                output += "\n"
            case "hr":
                block(breaks: 2)
                payBreaks()
                output += "——————"
                atBlockStart = false
                requestBreaks(2)
            case "tr":
                requestBreaks(1)
                cellsInRow = 0
            case "td", "th":
                if cellsInRow > 0 { output += " | " }
                cellsInRow += 1
                if name == "th" { open("b", "<b>") }
            case "table":
                block(breaks: 2)
            case "strong", "b": inline("b")
            case "em", "i": inline("i")
            case "u", "ins": inline("u")
            case "s", "del", "strike": inline("s")
            case "tg-spoiler": inline("tg-spoiler")
            case "span" where attributes["class"] == "tg-spoiler": inline("tg-spoiler")
            case "code":
                payBreaks()
                suspendInline()
                open("code", "<code>")
                verbatim = "code"
            case "a":
                guard let href = attributes["href"].map(HTMLTokenizer.decodeEntities), Self.linkable(href),
                      !stack.contains(where: { $0.name == "a" }) else { return }
                payBreaks()
                open("a", "<a href=\"\(TelegramHTML.escapeAttribute(href))\">")
            case "img":
                let alt = HTMLTokenizer.decodeEntities(attributes["alt"] ?? "")
                if let source = attributes["src"].map(HTMLTokenizer.decodeEntities), Self.linkable(source),
                   !stack.contains(where: { $0.name == "a" }) {
                    payBreaks()
                    output += "<a href=\"\(TelegramHTML.escapeAttribute(source))\">\(TelegramHTML.escape(alt.isEmpty ? "image" : alt))</a>"
                    atBlockStart = false
                } else if !alt.isEmpty {
                    text(alt)
                }
            case _ where Self.presentational.contains(name):
                break
            default:
                // Not markup Telegram or Ink knows (`Array<Int>`, `<tag>`): the agent meant the characters.
                text(raw)
            }
        }

        mutating func end(_ name: String) {
            if let verbatim {
                guard name == verbatim || (verbatim == "pre" && name == "code") else { return }
                if name == "code" && verbatim == "pre" {
                    close("code")
                    return
                }
                close(name)
                self.verbatim = nil
                for tag in suspended { open(tag.name, tag.open) }
                suspended.removeAll()
                if name == "pre" { requestBreaks(2) }
                return
            }
            switch name {
            case "p", "div": requestBreaks(lists.isEmpty ? 2 : 1)
            case "h1", "h2", "h3", "h4", "h5", "h6":
                close("b")
                requestBreaks(2)
            case "ul", "ol":
                if !lists.isEmpty { lists.removeLast() }
                requestBreaks(lists.isEmpty ? 2 : 1)
            case "li": requestBreaks(1)
            case "blockquote":
                if innerQuotes > 0 {
                    innerQuotes -= 1
                    requestBreaks(2)
                    return
                }
                close("blockquote")
                requestBreaks(2)
            case "table": requestBreaks(2)
            case "th": close("b")
            case "strong", "b": close("b")
            case "em", "i": close("i")
            case "u", "ins": close("u")
            case "s", "del", "strike": close("s")
            case "tg-spoiler", "span": close("tg-spoiler")
            case "a": close("a")
            case "tr", "td", "br", "hr", "img": break
            case _ where Self.presentational.contains(name): break
            default: text("</\(name)>")
            }
        }

        mutating func suspendInline() {
            while let last = stack.last, last.name != "blockquote" {
                output += "</\(last.name)>"
                stack.removeLast()
                suspended.insert(last, at: 0)
            }
        }

        mutating func inline(_ tag: String) {
            payBreaks()
            open(tag, "<\(tag)>")
        }

        mutating func open(_ name: String, _ text: String) {
            output += text
            stack.append((name, text))
        }

        /// Closes `name` if it is open; tags opened inside it are closed first and reopened after, so
        /// misnested input (`<b><i></b></i>`) still comes out balanced.
        mutating func close(_ name: String) {
            guard let index = stack.lastIndex(where: { $0.name == name }) else { return }
            let inner = stack[(index + 1)...]
            for tag in inner.reversed() { output += "</\(tag.name)>" }
            output += "</\(name)>"
            stack.remove(at: index)
            for tag in inner { output += tag.open }
            if output.hasSuffix("<\(name)></\(name)>") {
                output.removeLast("<\(name)></\(name)>".count)
            }
        }

        mutating func block(breaks: Int) {
            requestBreaks(breaks)
        }

        mutating func requestBreaks(_ count: Int) {
            guard !atBlockStart else { return }
            pendingBreaks = max(pendingBreaks, count)
        }

        mutating func payBreaks() {
            if pendingBreaks > 0 && !atBlockStart { output += String(repeating: "\n", count: pendingBreaks) }
            pendingBreaks = 0
        }

        mutating func finish() -> String {
            for tag in stack.reversed() { output += "</\(tag.name)>" }
            stack.removeAll()
            return output
        }

        /// Layout-only HTML that Ink emits or agents like to write; dropped, keeping the text inside.
        static let presentational: Set<String> = [
            "thead", "tbody", "tfoot", "span", "div", "sub", "sup", "small", "big", "mark", "kbd", "details", "summary",
            "center", "font", "section", "article", "header", "footer", "main", "nav", "figure", "figcaption", "caption",
        ]

        /// Telegram accepts these schemes in links; anything else (javascript:, data:, relative) stays text.
        static func linkable(_ href: String) -> Bool {
            guard let scheme = href.split(separator: ":", maxSplits: 1).first?.lowercased() else { return false }
            return ["http", "https", "tg", "mailto"].contains(scheme) && href.contains(":")
        }
    }
}
