import MatrixAppService
import Testing
@testable import Bridge

@Suite struct MatrixMarkdownTests {
    @Test func markdownBecomesHTMLAndBodyKeepsTheText() {
        let content = MatrixMarkdown.content("**bold** and `code`")
        #expect(content.body == "**bold** and `code`")
        #expect(content.format == "org.matrix.custom.html")
        #expect(content.formattedBody?.contains("<strong>bold</strong>") == true)
        #expect(content.formattedBody?.contains("<code>code</code>") == true)
    }

    @Test func codeBlocksAreKept() {
        let html = MatrixMarkdown.html("```swift\nlet x = 1\n```")
        #expect(html.contains("<pre><code"))
        #expect(html.contains("let x = 1"))
    }

    @Test func plainTextHasNoHTMLPart() {
        let content = MatrixMarkdown.content("just words", msgtype: "m.notice")
        #expect(content.formattedBody == nil)
        #expect(content.json["formatted_body"] == nil)
        #expect(content.msgtype == .notice)
    }
}

@Suite struct ChatMarkdownTests {
    @Test func singleNewlinesAreLineBreaks() {
        #expect(MatrixMarkdown.html("Step 1\nStep 2") == "<p>Step 1<br>Step 2</p>")
        #expect(MatrixMarkdown.html("one\n\ntwo") == "<p>one</p><p>two</p>")
        #expect(MatrixMarkdown.html("- a\n- b") == "<ul><li>a</li><li>b</li></ul>")
        #expect(MatrixMarkdown.html("Intro:\n1. one\n2. two").hasPrefix("<p>Intro:</p><ol>"))
        #expect(MatrixMarkdown.html("# Title\ntext") == "<h1>Title</h1><p>text</p>")
    }

    @Test func codeAndTablesAreLeftAlone() {
        #expect(ChatMarkdown.withHardBreaks("```\nx\ny\n```\nz\nw") == "```\nx\ny\n```\nz  \nw")
        #expect(ChatMarkdown.withHardBreaks("| a | b |\n|---|---|\n| 1 | 2 |") == "| a | b |\n|---|---|\n| 1 | 2 |")
        #expect(ChatMarkdown.withHardBreaks("already  \nbroken") == "already  \nbroken")
    }
}
