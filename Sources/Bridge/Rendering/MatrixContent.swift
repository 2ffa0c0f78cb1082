import MatrixAppService

/// Builders for the message contents the bridge sends: replies, edits, notices.
enum MatrixContent {
    /// A Markdown message, threaded as a reply to `replyTo` when given.
    /// A message; in a thread (given its root) it stays in the thread, replying to `replyTo` there.
    static func message(_ markdown: String, msgtype: MessageType = .text, replyTo: EventID? = nil, thread: EventID? = nil) -> MessageContent {
        var content = MatrixMarkdown.content(markdown, msgtype: msgtype)
        content.relatesTo = thread.map { RelatesTo.inThread($0, replyTo: replyTo) } ?? replyTo.map(RelatesTo.reply(to:))
        return content
    }

    /// An edit of `original` (`m.replace`): clients show `m.new_content`; the outer body, starred,
    /// is the fallback for clients without edit support.
    static func edit(of original: EventID, _ markdown: String, msgtype: MessageType = .text) -> MessageContent {
        let newContent = MatrixMarkdown.content(markdown, msgtype: msgtype)
        var content = MessageContent(msgtype: msgtype, body: "* " + newContent.body, relatesTo: .replacing(original), newContent: newContent)
        if let html = newContent.formattedBody {
            content.format = MessageContent.htmlFormat
            content.formattedBody = "* " + html
        }
        return content
    }

    /// The event a message replies to, if any.
    static func replyTarget(of content: JSONValue) -> EventID? { MessageContent(json: content).replyTarget }

    /// A reply's body without the quoted fallback older clients put first (`> <@user> …` lines, then a blank line).
    static func withoutReplyFallback(_ body: String, content: JSONValue) -> String {
        withoutReplyFallback(body, content: MessageContent(json: content))
    }

    static func withoutReplyFallback(_ body: String, content: MessageContent) -> String {
        guard content.replyTarget != nil else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.hasPrefix("> ") == true else { return body }
        while let first = lines.first, first.hasPrefix(">") { lines.removeFirst() }
        if lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// True for an edit: edits are not new messages and must not start turns.
    static func isEdit(_ content: JSONValue) -> Bool { MessageContent(json: content).isEdit }
}
