import MatrixAppService
import Testing
@testable import Bridge

@Suite struct MatrixMarkdownTests {
    @Test func markdownBecomesHTMLAndBodyPlainText() {
        let content = MatrixMarkdown.content("**bold** and `code`")
        #expect(content.body == "bold and code")
        #expect(content.format == "org.matrix.custom.html")
        #expect(content.formattedBody == "<p><strong>bold</strong> and <code>code</code></p>")
    }

    @Test func fencedCodeKeepsItsLanguageAndText() {
        #expect(MatrixMarkdown.html("```swift\nlet x = a < b && **c**\n```")
            == "<pre><code class=\"language-swift\">let x = a &lt; b &amp;&amp; **c**\n</code></pre>")
        #expect(MatrixMarkdown.html("~~~\nplain\n~~~") == "<pre><code>plain\n</code></pre>")
    }

    @Test func plainTextHasNoHTMLPart() {
        let content = MatrixMarkdown.content("just words", msgtype: .notice)
        #expect(content.formattedBody == nil)
        #expect(content.msgtype == .notice)
        #expect(MatrixMarkdown.content("two\nlines").formattedBody == nil)
        #expect(MatrixMarkdown.content("").formattedBody == nil)
    }

    @Test func rawHTMLIsShownAsTextNotPassedThrough() {
        #expect(MatrixMarkdown.html("Result<T, E> is a type") == "<p>Result&lt;T, E&gt; is a type</p>")
        #expect(MatrixMarkdown.html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(MatrixMarkdown.html("<b>not bold</b>") == "<p>&lt;b&gt;not bold&lt;/b&gt;</p>")
        #expect(MatrixMarkdown.html("Use Array<Int> here") == "<p>Use Array&lt;Int&gt; here</p>")
        // Not even a tag to CommonMark: plain text, which the body shows as written.
        let content = MatrixMarkdown.content("Result<T, E>")
        #expect(content.body == "Result<T, E>")
        #expect(content.formattedBody == nil)
    }

    @Test func gfmTableBecomesATable() {
        #expect(MatrixMarkdown.html("| a | b |\n|---|:-:|\n| 1 | **2** |")
            == "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td><strong>2</strong></td></tr></tbody></table>")
    }

    @Test func strikethroughAutolinkAndTaskList() {
        #expect(MatrixMarkdown.html("~~old~~ new") == "<p><del>old</del> new</p>")
        #expect(MatrixMarkdown.html("at https://example.com/a?b=1&c=2.")
            == "<p>at <a href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a>.</p>")
        #expect(MatrixMarkdown.html("- [ ] open\n- [x] done") == "<ul><li>☐ open</li><li>☑ done</li></ul>")
    }

    @Test func nestedEmphasisAndCodeInLists() {
        #expect(MatrixMarkdown.html("1. **bold *both*** and `x<y`\n2. two\n   - inner ~~s~~")
            == "<ol><li><strong>bold <em>both</em></strong> and <code>x&lt;y</code></li><li>two<ul><li>inner <del>s</del></li></ul></li></ol>")
        #expect(MatrixMarkdown.html("3. three\n4. four").hasPrefix("<ol start=\"3\"><li>three</li>"))
    }

    @Test func unsafeLinksStayText() {
        #expect(MatrixMarkdown.html("[click](javascript:alert(1))") == "<p>click</p>")
        #expect(MatrixMarkdown.html("[q](https://x.y/\"onmouseover=\"a)") == "<p><a href=\"https://x.y/&quot;onmouseover=&quot;a\">q</a></p>")
    }

    @Test func imagesFromTheWebBecomeLinks() {
        #expect(MatrixMarkdown.html("![chart](https://x.y/c.png)") == "<p><a href=\"https://x.y/c.png\">chart</a></p>")
        #expect(MatrixMarkdown.html("![pic](mxc://hs/abc)") == "<p><img src=\"mxc://hs/abc\" alt=\"pic\"></p>")
    }
}

@Suite struct ChatMarkdownTests {
    @Test func singleNewlinesAreLineBreaks() {
        #expect(MatrixMarkdown.html("Step 1\nStep 2") == "<p>Step 1<br>Step 2</p>")
        #expect(MatrixMarkdown.html("hard  \nbreak") == "<p>hard<br>break</p>")
        #expect(MatrixMarkdown.html("one\n\ntwo") == "<p>one</p><p>two</p>")
        #expect(MatrixMarkdown.html("- a\n- b") == "<ul><li>a</li><li>b</li></ul>")
        #expect(MatrixMarkdown.html("Intro:\n1. one\n2. two") == "<p>Intro:</p><ol><li>one</li><li>two</li></ol>")
        #expect(MatrixMarkdown.html("Intro:\n- one") == "<p>Intro:</p><ul><li>one</li></ul>")
        #expect(MatrixMarkdown.html("# Title\ntext") == "<h1>Title</h1><p>text</p>")
    }

    @Test func codeKeepsItsNewlinesAndTablesNeedNoBlankLine() {
        #expect(MatrixMarkdown.html("```\nx\ny\n```\nz\nw") == "<pre><code>x\ny\n</code></pre><p>z<br>w</p>")
        #expect(MatrixMarkdown.html("Totals:\n| a |\n|---|\n| 1 |").hasSuffix("<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"))
    }
}

@Suite struct MatrixHTMLPropertyTests {
    /// The spec's HTML subset for `formatted_body` (void elements apart).
    static let allowed: Set<String> = ["del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "li", "strong", "em",
                                       "code", "pre", "table", "thead", "tbody", "tr", "th", "td"]
    static let void: Set<String> = ["br", "hr", "img"]

    /// Nil when `html` uses only the subset's tags, balanced, and has no raw `>` or `&` in text.
    static func problem(_ html: String) -> String? {
        var stack: [String] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(where: { $0 == "<" || $0 == ">" || $0 == "&" }) {
            if rest[open] == ">" { return "raw >" }
            if rest[open] == "&" {
                guard ["&amp;", "&lt;", "&gt;", "&quot;"].contains(where: { rest[open...].hasPrefix($0) }) else { return "raw &" }
                rest = rest[rest.index(after: open)...]
                continue
            }
            guard let close = rest[open...].firstIndex(of: ">") else { return "unterminated tag" }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                guard stack.popLast() == String(tag.dropFirst()) else { return "misnested </\(tag.dropFirst())>" }
                continue
            }
            let name = String(tag.prefix { $0 != " " })
            if void.contains(name) { continue }
            guard allowed.contains(name) else { return "tag <\(name)>" }
            stack.append(name)
        }
        return stack.isEmpty ? nil : "unclosed \(stack)"
    }

    @Test func generatedInputsGiveBalancedHTMLInTheSpecSubset() {
        for markdown in GeneratedMarkdown.inputs(400) {
            let html = MatrixMarkdown.html(markdown)
            #expect(Self.problem(html) == nil, "\(markdown.debugDescription) → \(html.debugDescription)")
            #expect(!html.contains("<script") && !html.contains("<b>") && !html.contains("href=\"javascript"))
        }
    }
}

/// `body` is what notifications and clients without HTML show: readable text, never markup.
@Suite struct PlainBodyTests {
    private func body(_ markdown: String) -> String { MatrixMarkdown.content(markdown).body }

    @Test func emphasisHeadingsAndCodeLoseTheirMarks() {
        #expect(body("# Title\n**bold** _it_ ~~old~~ `x<y`") == "Title\n\nbold it old x<y")
        #expect(body("```swift\nlet a = b\n```\nafter") == "let a = b\n\nafter")
    }

    @Test func listsQuotesAndTablesReadAsText() {
        #expect(body("- one\n- two\n  1. inner") == "• one\n• two\n  1. inner")
        #expect(body("- [ ] open\n- [x] done") == "☐ open\n☑ done")
        #expect(body("> quoted\n> more") == "> quoted\n> more")
        #expect(body("| a | b |\n|---|---|\n| 1 | 2 |") == "a | b\n--+--\n1 | 2")
        #expect(body("one\n\n---\n\ntwo") == "one\n\n——————\n\ntwo")
    }

    @Test func linksShowTheirAddressOnce() {
        #expect(body("see [the docs](https://x.y/d) and https://x.y/e") == "see the docs (https://x.y/d) and https://x.y/e")
        #expect(body("[click](javascript:alert(1))") == "click")
        #expect(body("![chart](https://x.y/c.png)") == "chart (https://x.y/c.png)")
    }

    @Test func noTagInAnyBodyTheBridgeSends() {
        let markdown = "**[side]** Answer with `code`\n\n_model · 3→4 tokens · 0.1s_"
        for content in [MatrixContent.message(markdown), MatrixContent.message(markdown, msgtype: .notice),
                        MatrixContent.edit(of: "$e", markdown)] + [MatrixContent.edit(of: "$e", markdown).newContent].compactMap({ $0 }) {
            #expect(!content.body.contains("<") && !content.body.contains("**") && !content.body.contains("`"), "\(content.body)")
            #expect(content.formattedBody?.contains("<strong>") == true)
        }
        #expect(MatrixContent.message(markdown).body == "[side] Answer with code\n\nmodel · 3→4 tokens · 0.1s")
        // A menu as Matrix shows it, and the footer under an answer.
        let menu = OptionMenu(title: "Pick **one**:", options: [.init("A"), .init("B")], purpose: .command("x"), owner: nil)
        let shown = MatrixContent.message(menu.render()).body
        #expect(shown == "Pick one:\n\n1️⃣ A\n2️⃣ B\n\nReact with a number or type it.", "\(shown)")
    }

    @Test func rawHTMLTheAgentWroteIsTextInBothBodies() {
        let content = MatrixMarkdown.content("Use <sub>this</sub> and **that**")
        #expect(content.body == "Use <sub>this</sub> and that")
        #expect(content.formattedBody == "<p>Use &lt;sub&gt;this&lt;/sub&gt; and <strong>that</strong></p>")
    }
}
