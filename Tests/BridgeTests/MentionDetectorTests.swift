import MatrixAppService
import Testing
@testable import Bridge

@Suite struct MentionDetectorTests {
    let coder = MentionDetector(user: "@troupe_coder:localhost", displayname: "Coder")

    @Test func intentionalMention() {
        #expect(coder.isMentioned(in: ["body": "hi", "m.mentions": ["user_ids": ["@troupe_coder:localhost"]]]))
        #expect(!coder.isMentioned(in: ["body": "hi", "m.mentions": ["user_ids": ["@someone:localhost"]]]))
    }

    @Test func elementPillWithPercentEncodedLink() {
        let content: JSONValue = [
            "body": "Coder: fix the build", "format": "org.matrix.custom.html",
            "formatted_body": #"<a href="https://matrix.to/#/%40troupe_coder%3Alocalhost">Coder</a>: fix the build"#,
        ]
        #expect(coder.isMentioned(in: content))
    }

    @Test func rawPillLink() {
        #expect(coder.isMentioned(in: ["body": "x", "formatted_body": "<a href='https://matrix.to/#/@troupe_coder:localhost'>x</a>"]))
    }

    @Test func userIDInPlainBody() {
        #expect(coder.isMentioned(in: ["body": "@troupe_coder:localhost can you look?"]))
    }

    @Test func displaynameAsAWordInPlainBody() {
        #expect(coder.isMentioned(in: ["body": "coder, can you look?"]))
        #expect(coder.isMentioned(in: ["body": "hey @Coder"]))
        #expect(!coder.isMentioned(in: ["body": "the encoder is broken"]))
        #expect(!coder.isMentioned(in: ["body": "coders unite"]))
    }

    @Test func noMention() {
        #expect(!coder.isMentioned(in: ["body": "hello everyone"]))
        #expect(!coder.isMentioned(in: ["msgtype": "m.image"]))
    }
}
