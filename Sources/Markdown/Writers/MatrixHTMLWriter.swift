import Foundation

/// Writes a `MarkdownDocument` as the HTML of a Matrix `formatted_body`, using only tags and attributes the
/// spec's HTML subset lists. Text, code and any raw HTML in the Markdown are escaped, never passed through.
public struct MatrixHTMLWriter {
    public init() {}

    public func document(_ document: MarkdownDocument) -> String {
        blocks(document.blocks, tight: false)
    }

    func blocks(_ blocks: [MarkdownBlock], tight: Bool) -> String {
        blocks.map { block($0, tight: tight) }.joined()
    }

    func block(_ block: MarkdownBlock, tight: Bool) -> String {
        switch block {
        case .paragraph(let content):
            return tight ? inlines(content) : "<p>\(inlines(content))</p>"
        case .heading(let level, let content):
            let tag = "h\(min(max(level, 1), 6))"
            return "<\(tag)>\(inlines(content))</\(tag)>"
        case .code(let language, let text):
            let open = CodeLanguage.sanitised(language).map { "<code class=\"language-\($0)\">" } ?? "<code>"
            return "<pre>\(open)\(MarkupEscaping.text(text))</code></pre>"
        case .quote(let children):
            return "<blockquote>\(blocks(children, tight: false))</blockquote>"
        case .list(let list):
            return self.list(list)
        case .table(let table):
            return self.table(table)
        case .thematicBreak:
            return "<hr>"
        case .html(let raw):
            return "<p>\(lines(raw))</p>"
        }
    }

    func list(_ list: MarkdownList) -> String {
        let open: String
        switch list.start {
        case nil: open = "<ul>"
        case 1?: open = "<ol>"
        case let start?: open = "<ol start=\"\(start)\">"
        }
        let items = list.items.map { item in
            "<li>\(TaskMark.prefix(item.task))\(blocks(item.blocks, tight: list.isTight))</li>"
        }
        return open + items.joined() + (list.start == nil ? "</ul>" : "</ol>")
    }

    func table(_ table: MarkdownTable) -> String {
        func row(_ cells: MarkdownTable.Row, tag: String) -> String {
            "<tr>" + cells.map { "<\(tag)>\(inlines($0))</\(tag)>" }.joined() + "</tr>"
        }
        let body = table.rows.isEmpty ? "" : "<tbody>" + table.rows.map { row($0, tag: "td") }.joined() + "</tbody>"
        return "<table><thead>\(row(table.header, tag: "th"))</thead>\(body)</table>"
    }

    func inlines(_ content: [MarkdownInline], insideLink: Bool = false) -> String {
        content.map { inline($0, insideLink: insideLink) }.joined()
    }

    func inline(_ inline: MarkdownInline, insideLink: Bool) -> String {
        switch inline {
        case .text(let text): return MarkupEscaping.text(text)
        case .html(let raw): return lines(raw)
        case .code(let code): return "<code>\(MarkupEscaping.text(code))</code>"
        case .softBreak: return "\n"
        case .lineBreak: return "<br>"
        case .emphasis(let children): return "<em>\(inlines(children, insideLink: insideLink))</em>"
        case .strong(let children): return "<strong>\(inlines(children, insideLink: insideLink))</strong>"
        case .strikethrough(let children): return "<del>\(inlines(children, insideLink: insideLink))</del>"
        case .link(let destination, _, let children):
            let text = inlines(children, insideLink: true)
            guard !insideLink, LinkTarget.isSafe(destination, schemes: LinkTarget.matrixSchemes) else { return text }
            return "<a href=\"\(MarkupEscaping.attribute(destination))\">\(text.isEmpty ? MarkupEscaping.text(destination) : text)</a>"
        case .image(let source, _, let alt):
            let altText = alt.plainText
            // Matrix clients only load images from the homeserver (mxc://); a web image becomes a link.
            if source.hasPrefix("mxc://") {
                return "<img src=\"\(MarkupEscaping.attribute(source))\" alt=\"\(MarkupEscaping.attribute(altText))\">"
            }
            guard !insideLink, LinkTarget.isSafe(source, schemes: LinkTarget.matrixSchemes) else { return MarkupEscaping.text(altText) }
            return "<a href=\"\(MarkupEscaping.attribute(source))\">\(MarkupEscaping.text(altText.isEmpty ? source : altText))</a>"
        }
    }

    /// Text that must keep its line breaks (raw HTML shown as written).
    private func lines(_ text: String) -> String {
        var text = Substring(text)
        while text.last == "\n" { text.removeLast() }
        return MarkupEscaping.text(String(text)).replacingOccurrences(of: "\n", with: "<br>")
    }
}
