extension Array where Element == MarkdownInline {
    /// The text a reader sees, without markup: for image alt text, table cells in monospace, and links a
    /// renderer will not make clickable.
    public var plainText: String {
        var output = ""
        for inline in self {
            switch inline {
            case .text(let text), .code(let text), .html(let text): output += text
            case .softBreak, .lineBreak: output += "\n"
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, _, let children):
                output += children.plainText
            case .image(_, _, let alt): output += alt.plainText
            }
        }
        return output
    }
}
