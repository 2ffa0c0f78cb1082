/// Writes a `MarkdownDocument` as the plain text a reader sees: Matrix's `body` beside the HTML `formatted_body`,
/// read by notifications and clients without HTML. No markup is left: emphasis loses its marks, headings and
/// paragraphs are lines, list items "• " / "1. " lines (task items ☐ / ☑), quotes "> " lines, code as written,
/// links "text (address)", tables monospaced. Raw HTML the author wrote is text here, as the HTML shows it.
public struct PlainTextWriter {
    public init() {}

    public func document(_ document: MarkdownDocument) -> String {
        blocks(document.blocks, indent: "")
    }

    func blocks(_ blocks: [MarkdownBlock], indent: String, separator: String = "\n\n") -> String {
        blocks.map { block($0, indent: indent) }.filter { !$0.isEmpty }.joined(separator: separator)
    }

    func block(_ block: MarkdownBlock, indent: String) -> String {
        switch block {
        case .paragraph(let content), .heading(_, let content):
            return inlines(content)
        case .code(_, var text), .html(var text):
            while text.hasSuffix("\n") { text.removeLast() }
            return text
        case .quote(let children):
            return blocks(children, indent: "").split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        case .list(let list):
            return self.list(list, indent: indent)
        case .table(let table):
            return TableText.monospaced(table)
        case .thematicBreak:
            return "——————"
        }
    }

    func list(_ list: MarkdownList, indent: String) -> String {
        list.items.enumerated().map { offset, item in
            let marker = list.start.map { "\($0 + offset). " } ?? (item.task == nil ? "• " : "")
            // The item's first block follows its marker; the rest are lines below it, indented under its text.
            let first = item.blocks.first.map { block($0, indent: indent + "  ") } ?? ""
            let line = indent + marker + TaskMark.prefix(item.task) + first
            let rest = item.blocks.dropFirst().map { child -> String in
                let text = block(child, indent: indent + "  ")
                if case .list = child { return text }
                return text.isEmpty ? text : indent + "  " + text
            }
            return ([line] + rest.filter { !$0.isEmpty }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    func inlines(_ content: [MarkdownInline]) -> String {
        content.map(inline).joined()
    }

    func inline(_ inline: MarkdownInline) -> String {
        switch inline {
        case .text(let text), .code(let text), .html(let text): return text
        case .softBreak, .lineBreak: return "\n"
        case .emphasis(let children), .strong(let children), .strikethrough(let children): return inlines(children)
        case .link(let destination, _, let children):
            return Self.link(inlines(children), to: destination)
        case .image(let source, _, let alt):
            return Self.link(alt.plainText, to: source)
        }
    }

    /// A link's text with its address after it, unless the text is the address already (or it goes nowhere a
    /// reader could follow).
    static func link(_ text: String, to destination: String) -> String {
        guard LinkTarget.isSafe(destination, schemes: LinkTarget.matrixSchemes), !destination.hasPrefix("mxc:") else { return text }
        if text.isEmpty || text == destination || "mailto:" + text == destination { return destination }
        return "\(text) (\(destination))"
    }
}
