import MatrixAppService

/// Builders for the message contents the bridge sends: replies, edits, notices.
enum MatrixContent {
    /// A Markdown message, threaded as a reply to `replyTo` when given.
    static func message(_ markdown: String, msgtype: String = "m.text", replyTo: EventID? = nil) -> JSONValue {
        var content = MatrixMarkdown.content(markdown, msgtype: msgtype).objectValue ?? [:]
        if let replyTo {
            content["m.relates_to"] = ["m.in_reply_to": ["event_id": .string(replyTo.rawValue)]]
        }
        return .object(content)
    }

    /// An edit of `original` (`m.replace`): clients show `m.new_content`; the outer body, starred,
    /// is the fallback for clients without edit support.
    static func edit(of original: EventID, _ markdown: String, msgtype: String = "m.text") -> JSONValue {
        let newContent = MatrixMarkdown.content(markdown, msgtype: msgtype)
        var content: [String: JSONValue] = ["msgtype": .string(msgtype), "body": .string("* " + markdown)]
        if let html = newContent["formatted_body"]?.stringValue {
            content["format"] = "org.matrix.custom.html"
            content["formatted_body"] = .string("* " + html)
        }
        content["m.new_content"] = newContent
        content["m.relates_to"] = ["rel_type": "m.replace", "event_id": .string(original.rawValue)]
        return .object(content)
    }

    /// The event a message replies to, if any.
    static func replyTarget(of content: JSONValue) -> EventID? {
        content["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.stringValue.map(EventID.init)
    }

    /// A reply's body without the quoted fallback older clients put first (`> <@user> …` lines, then a blank line).
    static func withoutReplyFallback(_ body: String, content: JSONValue) -> String {
        guard replyTarget(of: content) != nil else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.hasPrefix("> ") == true else { return body }
        while let first = lines.first, first.hasPrefix(">") { lines.removeFirst() }
        if lines.first?.isEmpty == true { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// True for an edit: edits are not new messages and must not start turns.
    static func isEdit(_ content: JSONValue) -> Bool {
        content["m.relates_to"]?["rel_type"]?.stringValue == "m.replace"
    }
}
