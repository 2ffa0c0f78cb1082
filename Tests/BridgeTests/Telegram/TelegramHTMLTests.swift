import Testing
@testable import Bridge

@Suite struct TelegramHTMLTests {
    private func render(_ markdown: String) -> String {
        let html = TelegramHTML.render(markdown)
        #expect(TelegramHTMLChecker.problem(html) == nil, "invalid for Telegram: \(html)")
        return html
    }

    @Test func plainTextIsEscaped() {
        #expect(render("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d")
        #expect(TelegramHTML.escape("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;")
    }

    @Test func emphasisAndCode() {
        #expect(render("**bold** and *it* and `x<y`") == "<b>bold</b> and <i>it</i> and <code>x&lt;y</code>")
        #expect(render("~~gone~~ in ~5 s") == "<s>gone</s> in ~5 s")
    }

    @Test func nestedEmphasis() {
        #expect(render("**bold *both* bold**") == "<b>bold <i>both</i> bold</b>")
    }

    @Test func headingsBecomeBoldParagraphs() {
        #expect(render("# Title\n\nSome text.\n\n## Sub\nmore") == "<b>Title</b>\n\nSome text.\n\n<b>Sub</b>\n\nmore")
    }

    @Test func listsBecomeBulletLines() {
        #expect(render("Intro:\n\n- one\n- two\n\nAfter") == "Intro:\n\n• one\n• two\n\nAfter")
        #expect(render("Intro:\n- one\n- two") == "Intro:\n\n• one\n• two")
        #expect(render("1. first\n2. second") == "1. first\n2. second")
        #expect(render("3. third\n4. fourth") == "3. third\n4. fourth")
        #expect(render("- a\n  - b\n    - c\n- d") == "• a\n  • b\n    • c\n• d")
        #expect(render("- ```\n  x\n  ```\n- # h\n\n  more") == "• <pre><code>x</code></pre>\n• <b>h</b>\n  more")
    }

    @Test func nestedEmphasisAndCodeInLists() {
        #expect(render("- **bold `code` bold**\n- *it ~~both~~*") == "• <b>bold </b><code>code</code><b> bold</b>\n• <i>it <s>both</s></i>")
    }

    @Test func taskItemsShowTheirState() {
        #expect(render("- [ ] open\n- [x] done") == "☐ open\n☑ done")
        #expect(render("1. [x] first") == "1. ☑ first")
    }

    @Test func tablesBecomeAMonospacedBlock() {
        #expect(render("| name | n |\n|:--|--:|\n| **a** | 1 |\n| bb<c> | 22 |")
            == "<pre>name  |  n\n------+---\na     |  1\nbb&lt;c&gt; | 22</pre>")
    }

    @Test func bareLinksBecomeLinks() {
        #expect(render("see https://example.com/?a=1&b=2") == "see <a href=\"https://example.com/?a=1&amp;b=2\">https://example.com/?a=1&amp;b=2</a>")
    }

    @Test func imagesBecomeLinks() {
        #expect(render("![a chart](https://x.y/c.png)") == "<a href=\"https://x.y/c.png\">a chart</a>")
        #expect(render("![local](chart.png)") == "local")
        #expect(render("[![pic](https://x.y/p.png)](https://x.y)") == "<a href=\"https://x.y\">pic</a>")
    }

    @Test func codeBlockKeepsLanguageAndEscapes() {
        let html = render("```swift\nlet a = b < c && d\n```")
        #expect(html == "<pre><code class=\"language-swift\">let a = b &lt; c &amp;&amp; d</code></pre>")
        #expect(render("```\"><b>\nx\n```") == "<pre><code class=\"language-b\">x</code></pre>")
    }

    @Test func codeBlockWithoutLanguageKeepsItsLines() {
        #expect(render("Here:\n```\n<html>\n  **x**\n```\nafter") == "Here:\n\n<pre><code>&lt;html&gt;\n  **x**</code></pre>\n\nafter")
    }

    @Test func linksKeepTheirTargetEscaped() {
        #expect(render("[a & b link](https://example.com/?a=1&b=2)") == "<a href=\"https://example.com/?a=1&amp;b=2\">a &amp; b link</a>")
        #expect(render("[q](<https://x.y/?q=\"1\"&lt;>)") == "<a href=\"https://x.y/?q=&quot;1&quot;&lt;\">q</a>")
    }

    @Test func unsafeLinkSchemesBecomeText() {
        #expect(render("[click](javascript:alert(1))") == "click")
    }

    @Test func blockquote() {
        #expect(render("> quoted **text**\n\nafter") == "<blockquote>quoted <b>text</b></blockquote>\n\nafter")
    }

    @Test func nestedQuotesCollapseIntoOne() {
        let html = render("> a\n> > b\n>\n> c\n\nd")
        #expect(html == "<blockquote>a\n\nb\n\nc</blockquote>\n\nd")
    }

    @Test func rawHTMLIsShownAsText() {
        #expect(render("Returns Result<T, E> here") == "Returns Result&lt;T, E&gt; here")
        #expect(render("Use Array<Int> here") == "Use Array&lt;Int&gt; here")
        #expect(render("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(render("hi <b>bold</b>") == "hi &lt;b&gt;bold&lt;/b&gt;")
        #expect(render("<div onclick=\"x\">\nhi\n</div>") == "&lt;div onclick=\"x\"&gt;\nhi\n&lt;/div&gt;")
    }

    @Test func codeAtTheStartOfBoldLeavesNoEmptyTag() {
        #expect(render("**`c` b**") == "<code>c</code><b> b</b>")
        #expect(render("# `only code`") == "<code>only code</code>")
    }

    @Test func malformedMarkdownStaysValid() {
        for markdown in ["**unclosed bold", "*a **b* c**", "`unclosed code", "```\nnever closed", "<b>open only", "</i> stray close",
                         "a <not a tag", "<<>>", "[link](", "& &amp; &#x3C; &bogus;", "> quote\n> > nested quote\n\nend",
                         "- a\n  - b\n    - c\n- d", "**`code in bold`**", "[`code` in link](https://x.y)", "<b><i>misnested</b></i>",
                         "[](https://x.y)", "> ```\n> code in quote\n> ```", "- ```\n  code in list\n  ```"] {
            _ = render(markdown)
        }
    }

    @Test func entitiesAreDecodedOnceAndEscapedOnce() {
        #expect(render("&lt;x&gt; &amp; &#65; &quot;q&quot; &bogus; & alone") == "&lt;x&gt; &amp; A \"q\" &amp;bogus; &amp; alone")
    }

    /// A few hundred inputs built from Markdown's pieces, each rendered and checked the way Telegram
    /// checks it: only its tags, balanced, no stray `<`, `>` or `&`; also once cut into short parts.
    @Test func generatedInputsAlwaysGiveValidTelegramHTML() {
        for markdown in GeneratedMarkdown.inputs(400) {
            let html = TelegramHTML.render(markdown)
            #expect(TelegramHTMLChecker.problem(html) == nil, "\(markdown.debugDescription) → \(html.debugDescription)")
            for part in TelegramSplitter.split(html, limit: 64) {
                #expect(TelegramHTMLChecker.problem(part) == nil, "\(markdown.debugDescription) → part \(part.debugDescription)")
            }
        }
    }
}
