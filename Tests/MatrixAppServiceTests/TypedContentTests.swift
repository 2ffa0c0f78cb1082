import Foundation
import MatrixAppService
import Testing

private func parse(_ text: String) throws -> JSONValue { try JSONValue.decode(Data(text.utf8)) }

private func event(_ type: EventType, _ content: JSONValue, stateKey: String? = nil) -> ClientEvent {
    ClientEvent(type: type.rawValue, eventID: "$e", sender: "@alice:example.org", roomID: "!r:example.org", stateKey: stateKey,
                content: content)
}

@Suite struct TypedContentTests {
    @Test func elementReplyWithMentions() throws {
        // What Element Web sends for a reply that pills the agent (trimmed of nothing but whitespace).
        let json = try parse("""
            {"msgtype":"m.text","body":"> <@bob:example.org> earlier\\n\\nCoder: fix it",
             "format":"org.matrix.custom.html",
             "formatted_body":"<mx-reply><blockquote>earlier</blockquote></mx-reply><a href=\\"https://matrix.to/#/@coder:example.org\\">Coder</a>: fix it",
             "m.mentions":{"user_ids":["@coder:example.org"]},
             "m.relates_to":{"m.in_reply_to":{"event_id":"$parent"}},
             "org.matrix.msc1767.text":"ignored by us"}
            """)
        let content = try #require(event(.message, json).messageContent)
        #expect(content.msgtype == .text)
        #expect(content.html?.contains("matrix.to/#/@coder:example.org") == true)
        #expect(content.mentions == Mentions(userIDs: ["@coder:example.org"]))
        #expect(content.replyTarget == "$parent")
        #expect(content.relatesTo?.relType == nil)
        #expect(!content.isEdit)
        // Unknown keys survive a read-and-send.
        #expect(content.json["org.matrix.msc1767.text"] == "ignored by us")
        #expect(content.json == json)
    }

    @Test func threadReplyFallback() throws {
        let json = try parse("""
            {"msgtype":"m.text","body":"in thread","m.relates_to":{"rel_type":"m.thread","event_id":"$root",
             "is_falling_back":true,"m.in_reply_to":{"event_id":"$last"}}}
            """)
        let relation = try #require(MessageContent(json: json).relatesTo)
        #expect(relation == RelatesTo(relType: .thread, eventID: "$root", inReplyTo: "$last", isFallingBack: true))
    }

    @Test func editWithNewContent() throws {
        let json = try parse("""
            {"msgtype":"m.text","body":"* fixed","m.new_content":{"msgtype":"m.text","body":"fixed"},
             "m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}}
            """)
        let content = MessageContent(json: json)
        #expect(content.isEdit)
        #expect(content.relatesTo?.eventID == "$orig")
        #expect(content.newContent?.body == "fixed")
        #expect(content.newContent?.newContent == nil)
        #expect(content.json == json)
    }

    @Test func reactionKeycapWithAndWithoutVariationSelector() throws {
        let full = try parse(#"{"m.relates_to":{"rel_type":"m.annotation","event_id":"$menu","key":"1\uFE0F\u20E3"}}"#)
        let bare = try parse(#"{"m.relates_to":{"rel_type":"m.annotation","event_id":"$menu","key":"1\u20E3"}}"#)
        let a = try #require(event(.reaction, full).reactionContent)
        let b = try #require(event(.reaction, bare).reactionContent)
        #expect(a.target == "$menu" && b.target == "$menu")
        #expect(a.key == "1\u{FE0F}\u{20E3}")
        #expect(b.key == "1\u{20E3}")
        #expect(a.key != b.key)
        #expect(a.normalizedKey == b.normalizedKey)
        #expect(ReactionContent(to: "$menu", key: "1\u{FE0F}\u{20E3}").json == full)
    }

    @Test func reactionThatIsNotAnAnnotationHasNoKey() throws {
        let content = ReactionContent(json: try parse(#"{"m.relates_to":{"rel_type":"m.reference","event_id":"$x","key":"👍"}}"#))
        #expect(content.target == nil && content.key == nil)
    }

    @Test func membershipWithDisplayname() throws {
        let json = try parse(#"{"membership":"join","displayname":"Alice","avatar_url":"mxc://example.org/a","is_direct":true}"#)
        let member = try #require(event(.member, json, stateKey: "@alice:example.org").memberContent)
        #expect(member == MemberContent(membership: .join, displayname: "Alice", avatarURL: "mxc://example.org/a", isDirect: true))
        #expect(event(.member, json, stateKey: "@alice:example.org").membership == .join)
        #expect(member.json == json)
    }

    @Test func encryptionAndRedaction() throws {
        let encryption = EncryptionContent(json: try parse(
            #"{"algorithm":"m.megolm.v1.aes-sha2","rotation_period_ms":604800000,"rotation_period_msgs":100}"#))
        #expect(encryption == EncryptionContent(algorithm: "m.megolm.v1.aes-sha2", rotationPeriodMs: 604_800_000, rotationPeriodMsgs: 100))
        let redaction = try #require(event(.redaction, try parse(#"{"redacts":"$gone","reason":"spam"}"#)).redactionContent)
        #expect(redaction == RedactionContent(redacts: "$gone", reason: "spam"))
    }

    @Test func malformedFieldsReadAsAbsent() throws {
        let json = try parse("""
            {"msgtype":7,"body":["x"],"format":null,"formatted_body":{},"url":false,"file":"nope","info":"big",
             "m.mentions":{"user_ids":["@ok:x",5,null],"room":"yes"},"m.relates_to":"reply","m.new_content":3}
            """)
        let content = MessageContent(json: json)
        #expect(content.msgtype == nil)
        #expect(content.body == "")
        #expect(content.format == nil && content.formattedBody == nil)
        #expect(content.url == nil && content.file == nil && content.info == nil)
        #expect(content.mentions == Mentions(userIDs: ["@ok:x"], room: false))
        #expect(content.relatesTo == nil && content.newContent == nil)

        let member = MemberContent(json: try parse(#"{"membership":"joined","displayname":12,"is_direct":"true"}"#))
        #expect(member.membership == nil && member.displayname == nil && member.isDirect == nil)
        #expect(EncryptionContent(json: try parse(#"{"algorithm":1,"rotation_period_ms":"1h"}"#)) == EncryptionContent(algorithm: nil))
        #expect(MessageContent(json: .array([])).body == "")
    }

    @Test func malformedContentDecodesThroughCodableWithoutThrowing() throws {
        let data = Data(#"{"membership":["join"],"displayname":"Al"}"#.utf8)
        let member = try JSONDecoder().decode(MemberContent.self, from: data)
        #expect(member.membership == nil && member.displayname == "Al")
    }

    @Test func typedAccessorsCheckTheEventType() throws {
        let json = try parse(#"{"msgtype":"m.text","body":"hi"}"#)
        #expect(event(.message, json).messageContent?.body == "hi")
        #expect(event(.notice, json).messageContent == nil)
        #expect(event(.message, json).reactionContent == nil)
        #expect(event(.message, json).eventType == .message)
    }

    @Test func whatTheBridgeSendsRoundTrips() throws {
        let reply = MessageContent(msgtype: .notice, body: "**done**", format: MessageContent.htmlFormat,
                                   formattedBody: "<strong>done</strong>", mentions: Mentions(userIDs: ["@a:x"]),
                                   relatesTo: .reply(to: "$q"))
        let media = MessageContent(msgtype: .image, body: "cat.png", url: "mxc://x/cat", info: MediaInfo(mimetype: "image/png", size: 42),
                                   filename: "cat.png")
        let edit = MessageContent(body: "* new", relatesTo: .replacing("$old"), newContent: MessageContent(body: "new"))
        for content in [reply, media, edit] {
            #expect(MessageContent(json: content.json) == content)
            let data = try JSONEncoder().encode(content)
            #expect(try JSONDecoder().decode(MessageContent.self, from: data) == content)
        }
        #expect(reply.json == (try parse("""
            {"msgtype":"m.notice","body":"**done**","format":"org.matrix.custom.html","formatted_body":"<strong>done</strong>",
             "m.mentions":{"user_ids":["@a:x"]},"m.relates_to":{"m.in_reply_to":{"event_id":"$q"}}}
            """)))
        #expect(media.json["info"] == ["mimetype": "image/png", "size": 42])
        #expect(edit.json["m.relates_to"] == ["rel_type": "m.replace", "event_id": "$old"])
    }
}

private extension EventType {
    static let notice: EventType = "m.notice"
}
