import MatrixAppService
import Testing
@testable import Bridge

@Suite struct MatrixMarkdownTests {
    @Test func markdownBecomesHTMLAndBodyKeepsTheText() {
        let content = MatrixMarkdown.content("**bold** and `code`")
        #expect(content["body"] == "**bold** and `code`")
        #expect(content["format"] == "org.matrix.custom.html")
        #expect(content["formatted_body"]?.stringValue?.contains("<strong>bold</strong>") == true)
        #expect(content["formatted_body"]?.stringValue?.contains("<code>code</code>") == true)
    }

    @Test func codeBlocksAreKept() {
        let html = MatrixMarkdown.html("```swift\nlet x = 1\n```")
        #expect(html.contains("<pre><code"))
        #expect(html.contains("let x = 1"))
    }

    @Test func plainTextHasNoHTMLPart() {
        let content = MatrixMarkdown.content("just words", msgtype: "m.notice")
        #expect(content["formatted_body"] == nil)
        #expect(content["msgtype"] == "m.notice")
    }
}
