import Markdown
import MatrixAppService

/// Agent output (Markdown) as a Matrix message: `formatted_body` carries the HTML that clients render, `body` the
/// same as plain text without any markup (notifications and clients without HTML show it). cmark-gfm parses
/// (CommonMark + GFM, a single newline is a line break); raw HTML in the Markdown is shown as text in both.
public enum MatrixMarkdown {
    public static func html(_ markdown: String) -> String {
        MatrixHTMLWriter().document(MarkdownParser.parse(markdown))
    }

    /// `m.text` (or `m.notice`) content with both bodies; plain text without markup gets no HTML part.
    public static func content(_ markdown: String, msgtype: MessageType = .text) -> MessageContent {
        let document = MarkdownParser.parse(markdown)
        guard !isPlain(document, markdown) else { return MessageContent(msgtype: msgtype, body: markdown) }
        var content = MessageContent(msgtype: msgtype, body: PlainTextWriter().document(document))
        content.format = MessageContent.htmlFormat
        content.formattedBody = MatrixHTMLWriter().document(document)
        return content
    }

    /// True when the body alone shows the same thing: one paragraph of text and line breaks that reads
    /// exactly as the Markdown was written (clients keep a body's newlines).
    static func isPlain(_ document: MarkdownDocument, _ markdown: String) -> Bool {
        guard document.blocks.count <= 1 else { return false }
        guard case .paragraph(let content)? = document.blocks.first else { return document.blocks.isEmpty }
        var text = ""
        for inline in content {
            switch inline {
            case .text(let part): text += part
            case .softBreak, .lineBreak: text += "\n"
            default: return false
            }
        }
        return text == markdown
    }
}
