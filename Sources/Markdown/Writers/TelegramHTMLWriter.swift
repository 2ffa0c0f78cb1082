import Foundation

/// Writes a `MarkdownDocument` in Telegram's HTML subset (b, i, s, code, pre, `pre > code class`, a href,
/// blockquote). Telegram has no headings, lists or tables, so headings become bold lines, list items
/// "• " / "1. " lines (task items ☐ / ☑), and tables a monospaced block. The result is always balanced:
/// code never sits inside another tag but a quote (inline tags are closed around it and reopened), and
/// quotes do not nest.
public struct TelegramHTMLWriter {
    public init() {}

    /// An inline tag open around the text being written: its name and the exact opening to reopen it with.
    typealias OpenTag = (name: String, open: String)

    public func document(_ document: MarkdownDocument) -> String {
        blocks(document.blocks, indent: "", inQuote: false)
    }

    func blocks(_ blocks: [MarkdownBlock], indent: String, inQuote: Bool, separator: String = "\n\n") -> String {
        blocks.map { block($0, indent: indent, inQuote: inQuote) }.filter { !$0.isEmpty }.joined(separator: separator)
    }

    func block(_ block: MarkdownBlock, indent: String, inQuote: Bool) -> String {
        switch block {
        case .paragraph(let content):
            return inlines(content, open: [])
        case .heading(_, let content):
            return Self.withoutEmptyTags("<b>" + inlines(content, open: [("b", "<b>")]) + "</b>")
        case .code(let language, var text):
            if text.hasSuffix("\n") { text.removeLast() }
            let open = CodeLanguage.sanitised(language).map { "<code class=\"language-\($0)\">" } ?? "<code>"
            return "<pre>\(open)\(MarkupEscaping.text(text))</code></pre>"
        case .quote(let children):
            // Telegram does not nest quotes: an inner quote joins the outer one.
            let inner = blocks(children, indent: "", inQuote: true)
            return inQuote || inner.isEmpty ? inner : "<blockquote>\(inner)</blockquote>"
        case .list(let list):
            return self.list(list, indent: indent, inQuote: inQuote)
        case .table(let table):
            return "<pre>\(MarkupEscaping.text(TableText.monospaced(table)))</pre>"
        case .thematicBreak:
            return "——————"
        case .html(var raw):
            while raw.hasSuffix("\n") { raw.removeLast() }
            return MarkupEscaping.text(raw)
        }
    }

    func list(_ list: MarkdownList, indent: String, inQuote: Bool) -> String {
        list.items.enumerated().map { offset, item in
            let marker = list.start.map { "\($0 + offset). " } ?? (item.task == nil ? "• " : "")
            // The item's first block follows its marker on the same line; the rest are lines below it.
            let first = item.blocks.first.map { block($0, indent: indent + "  ", inQuote: inQuote) } ?? ""
            let line = indent + marker + TaskMark.prefix(item.task) + first
            let rest = item.blocks.dropFirst().map { child -> String in
                let text = block(child, indent: indent + "  ", inQuote: inQuote)
                // A nested list indents its own lines; other blocks start under the item's text.
                if case .list = child { return text }
                return text.isEmpty ? text : indent + "  " + text
            }
            return ([line] + rest.filter { !$0.isEmpty }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func inlines(_ content: [MarkdownInline], open: [OpenTag]) -> String {
        Self.withoutEmptyTags(content.map { inline($0, open: open) }.joined())
    }

    func inline(_ inline: MarkdownInline, open: [OpenTag]) -> String {
        switch inline {
        case .text(let text), .html(let text): return MarkupEscaping.text(text)
        case .softBreak, .lineBreak: return "\n"
        case .code(let code):
            // Telegram lets nothing but a quote hold code: close what is open, write it, reopen.
            let close = open.reversed().map { "</\($0.name)>" }.joined()
            return close + "<code>\(MarkupEscaping.text(code))</code>" + open.map(\.open).joined()
        case .emphasis(let children): return wrap(children, ("i", "<i>"), open: open)
        case .strong(let children): return wrap(children, ("b", "<b>"), open: open)
        case .strikethrough(let children): return wrap(children, ("s", "<s>"), open: open)
        case .link(let destination, _, let children):
            let linkable = LinkTarget.isSafe(destination, schemes: LinkTarget.telegramSchemes) && !open.contains { $0.name == "a" }
            guard linkable else { return inlines(children, open: open) }
            let tag = "<a href=\"\(MarkupEscaping.attribute(destination))\">"
            let text = children.isEmpty ? [MarkdownInline.text(destination)] : children
            return wrap(text, ("a", tag), open: open)
        case .image(let source, _, let alt):
            let text = alt.plainText
            guard LinkTarget.isSafe(source, schemes: LinkTarget.telegramSchemes), !open.contains(where: { $0.name == "a" }) else {
                return MarkupEscaping.text(text)
            }
            return "<a href=\"\(MarkupEscaping.attribute(source))\">\(MarkupEscaping.text(text.isEmpty ? "image" : text))</a>"
        }
    }

    private func wrap(_ children: [MarkdownInline], _ tag: OpenTag, open: [OpenTag]) -> String {
        tag.open + inlines(children, open: open + [tag]) + "</\(tag.name)>"
    }

    /// Closing tags around a code span can leave `<b></b>`; Telegram would reject an empty entity.
    static func withoutEmptyTags(_ html: String) -> String {
        guard html.contains("></") else { return html }
        var html = html
        var changed = true
        while changed {
            changed = false
            for name in ["b", "i", "s", "u", "a"] {
                while let range = emptyTag(name, in: html) {
                    html.removeSubrange(range)
                    changed = true
                }
            }
        }
        return html
    }

    private static func emptyTag(_ name: String, in html: String) -> Range<String.Index>? {
        let close = "></\(name)>"
        var searchStart = html.startIndex
        while let end = html.range(of: close, range: searchStart..<html.endIndex) {
            if let start = html[..<end.lowerBound].lastIndex(of: "<"),
               html[start...].hasPrefix("<\(name)>") || html[start...].hasPrefix("<\(name) ") {
                return start..<end.upperBound
            }
            searchStart = end.upperBound
        }
        return nil
    }
}
