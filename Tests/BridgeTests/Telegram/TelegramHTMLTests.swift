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
        #expect(render("~~gone~~") == "<s>gone</s>")
    }

    @Test func nestedEmphasis() {
        #expect(render("**bold *both* bold**") == "<b>bold <i>both</i> bold</b>")
    }

    @Test func headingsBecomeBoldParagraphs() {
        #expect(render("# Title\n\nSome text.\n\n## Sub\nmore") == "<b>Title</b>\n\nSome text.\n\n<b>Sub</b>\n\nmore")
    }

    @Test func listsBecomeBulletLines() {
        #expect(render("Intro:\n\n- one\n- two\n\nAfter") == "Intro:\n\n• one\n• two\n\nAfter")
        #expect(render("1. first\n2. second") == "1. first\n2. second")
    }

    @Test func tablesBecomeLinesWithBoldHeaders() {
        #expect(render("| h1 | h2 |\n|---|---|\n| x | y |\n| z | w |") == "<b>h1</b> | <b>h2</b>\nx | y\nz | w")
    }

    @Test func imagesBecomeLinks() {
        #expect(render("![a chart](https://x.y/c.png)") == "<a href=\"https://x.y/c.png\">a chart</a>")
        #expect(render("![local](chart.png)") == "local")
    }

    @Test func codeBlockKeepsLanguageAndEscapes() {
        let html = render("```swift\nlet a = b < c && d\n```")
        #expect(html == "<pre><code class=\"language-swift\">let a = b &lt; c &amp;&amp; d\n</code></pre>")
    }

    @Test func codeBlockWithoutLanguage() {
        #expect(render("```\n<html>\n```").hasPrefix("<pre><code>&lt;html&gt;"))
    }

    @Test func linksKeepTheirTargetEscaped() {
        #expect(render("[a & b link](https://example.com/?a=1&b=2)") == "<a href=\"https://example.com/?a=1&amp;b=2\">a &amp; b link</a>")
        #expect(TelegramHTML.convert("<a href='https://x.y/?q=&quot;1&quot;&lt;'>t</a>") == "<a href=\"https://x.y/?q=&quot;1&quot;&lt;\">t</a>")
    }

    @Test func unsafeLinkSchemesBecomeText() {
        let html = render("[click](javascript:alert(1))")
        #expect(!html.contains("<a"))
        #expect(html.contains("click"))
    }

    @Test func blockquote() {
        #expect(render("> quoted **text**\n\nafter") == "<blockquote>quoted <b>text</b></blockquote>\n\nafter")
    }

    @Test func rawHTMLFromTheAgentIsReducedToTelegramTags() {
        let html = render("<div onclick=\"x\">hi <b>bold</b> <span class=\"tg-spoiler\">secret</span> <sub>small</sub></div>")
        #expect(html == "hi <b>bold</b> <tg-spoiler>secret</tg-spoiler> small")
    }

    @Test func unknownTagsAreShownAsTheTextTheAgentWrote() {
        #expect(render("Use Array<Int> here") == "Use Array&lt;Int&gt; here")
        #expect(render("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
    }

    @Test func malformedMarkdownStaysValid() {
        for markdown in ["**unclosed bold", "*a **b* c**", "`unclosed code", "```\nnever closed", "<b>open only", "</i> stray close",
                         "a <not a tag", "<<>>", "[link](", "& &amp; &#x3C; &bogus;", "> quote\n> > nested quote\n\nend",
                         "- a\n  - b\n    - c\n- d", "**`code in bold`**", "[`code` in link](https://x.y)", "<b><i>misnested</b></i>"] {
            _ = render(markdown)
        }
    }

    @Test func misnestedTagsAreRebalanced() {
        let html = TelegramHTML.convert("<b><i>x</b>y</i>")
        #expect(TelegramHTMLChecker.problem(html) == nil)
        #expect(html == "<b><i>x</i></b><i>y</i>")
    }

    @Test func codeInsideBoldLeavesTheBold() {
        let html = TelegramHTML.convert("<b>a <code>c</code> b</b>")
        #expect(html == "<b>a </b><code>c</code><b> b</b>")
    }

    @Test func entitiesAreNormalised() {
        #expect(TelegramHTML.convert("&lt;x&gt; &amp; &#65; &quot;q&quot; &bogus; & alone") == "&lt;x&gt; &amp; A \"q\" &amp;bogus; &amp; alone")
    }

    @Test func nestedQuotesCollapseIntoOne() {
        let html = TelegramHTML.convert("<blockquote>a<blockquote>b</blockquote>c</blockquote>d")
        #expect(TelegramHTMLChecker.problem(html) == nil)
        #expect(html.components(separatedBy: "<blockquote>").count == 2)
    }
}
