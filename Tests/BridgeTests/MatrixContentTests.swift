import MatrixAppService
import Testing
@testable import Bridge

/// The wire shape of what the bridge sends must stay what clients already render.
@Suite struct MatrixContentTests {
    @Test func replyNoticeHasTheReplyRelation() {
        let content = MatrixContent.message("plain words", msgtype: .notice, replyTo: "$asked")
        #expect(content.json == [
            "msgtype": "m.notice", "body": "plain words", "m.relates_to": ["m.in_reply_to": ["event_id": "$asked"]],
        ])
    }

    @Test func aMessageInAThreadStaysInItWithAFallbackReply() {
        let answer = MatrixContent.message("in the thread", replyTo: "$asked", thread: "$root")
        #expect(answer.json["m.relates_to"] == [
            "rel_type": "m.thread", "event_id": "$root", "m.in_reply_to": ["event_id": "$asked"], "is_falling_back": false,
        ])
        let plain = MatrixContent.message("a job's answer", thread: "$root")
        #expect(plain.json["m.relates_to"] == [
            "rel_type": "m.thread", "event_id": "$root", "m.in_reply_to": ["event_id": "$root"], "is_falling_back": true,
        ])
        #expect(plain.relatesTo?.threadedReply == nil && answer.relatesTo?.threadedReply == "$asked")
    }

    @Test func editCarriesStarredFallbackAndNewContent() {
        let content = MatrixContent.edit(of: "$first", "**now** done")
        #expect(content.json == [
            "msgtype": "m.text", "body": "* now done",
            "format": "org.matrix.custom.html", "formatted_body": "* <p><strong>now</strong> done</p>",
            "m.new_content": [
                "msgtype": "m.text", "body": "now done",
                "format": "org.matrix.custom.html", "formatted_body": "<p><strong>now</strong> done</p>",
            ],
            "m.relates_to": ["rel_type": "m.replace", "event_id": "$first"],
        ])
        #expect(MatrixContent.isEdit(content.json))
        #expect(!MatrixContent.isEdit(MatrixContent.message("x").json))
    }

    @Test func replyTargetReadsJSONAndTypedAlike() {
        let reply = MatrixContent.message("answer", replyTo: "$q")
        #expect(MatrixContent.replyTarget(of: reply.json) == "$q")
        #expect(MatrixContent.replyTarget(of: ["m.relates_to": "garbage"]) == nil)
    }

    @Test func mentionDetectorReadsTypedMentions() {
        let detector = MentionDetector(user: "@coder:x", displayname: nil)
        #expect(detector.isMentioned(in: MessageContent(body: "hi", mentions: Mentions(userIDs: ["@coder:x"]))))
        #expect(!detector.isMentioned(in: MessageContent(body: "hi", mentions: Mentions(userIDs: ["@other:x"]))))
        // A malformed m.mentions does not hide a mention in the body.
        #expect(detector.isMentioned(in: ["body": "ping @coder:x", "m.mentions": ["user_ids": "@coder:x"]]))
    }
}
