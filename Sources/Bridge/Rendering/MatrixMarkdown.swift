import Foundation
import Ink
import MatrixAppService

/// Agent output (Markdown) as a Matrix message: `body` keeps the Markdown text, `formatted_body`
/// carries the HTML that clients render.
public enum MatrixMarkdown {
    public static func html(_ markdown: String) -> String {
        // A parser per call: Ink's parser is a cheap value, but not Sendable, so it is never shared.
        MarkdownParser().html(from: ChatMarkdown.withHardBreaks(markdown)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `m.text` (or `m.notice`) content with both bodies; plain text without markup gets no HTML part.
    public static func content(_ markdown: String, msgtype: MessageType = .text) -> MessageContent {
        var content = MessageContent(msgtype: msgtype, body: markdown)
        let rendered = html(markdown)
        if rendered != "<p>\(escape(markdown))</p>" {
            content.format = MessageContent.htmlFormat
            content.formattedBody = rendered
        }
        return content
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
