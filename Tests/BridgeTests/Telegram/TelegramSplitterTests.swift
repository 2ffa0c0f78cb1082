import Testing
@testable import Bridge

@Suite struct TelegramSplitterTests {
    /// Visible length as Telegram counts it: UTF-16 units of the text without tags, entities as one.
    private func visible(_ html: String) -> Int {
        TelegramSplitter.atoms(html, longest: .max).reduce(0) { $0 + $1.length }
    }

    @Test func shortTextIsOnePart() {
        #expect(TelegramSplitter.split("<b>hi</b>") == ["<b>hi</b>"])
        #expect(TelegramSplitter.split("") == [])
    }

    @Test func tagsAndEntitiesDoNotCount() {
        let html = "<b>" + String(repeating: "&amp;", count: 4096) + "</b>"
        #expect(visible(html) == 4096)
        #expect(TelegramSplitter.split(html).count == 1)
    }

    @Test func countsUTF16UnitsLikeTelegram() {
        // Each emoji is two UTF-16 units: 3000 of them need two messages although they are 3000 characters.
        let html = String(repeating: "😀", count: 3000)
        let parts = TelegramSplitter.split(html)
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { visible($0) <= 4096 })
        #expect(parts.joined() == html)
    }

    @Test func prefersLineBreaks() {
        let line = String(repeating: "x", count: 99)
        let html = Array(repeating: line, count: 100).joined(separator: "\n")
        let parts = TelegramSplitter.split(html)
        #expect(parts.count >= 3)
        for part in parts {
            #expect(visible(part) <= 4096)
            #expect(part.split(separator: "\n").allSatisfy { $0.count == 99 }, "a line was cut")
        }
    }

    @Test func openTagsAreClosedAndReopened() {
        let words = Array(repeating: "word", count: 2000).joined(separator: " ")
        let html = "<b>start <i>" + words + "</i> end</b>"
        let parts = TelegramSplitter.split(html, limit: 4096)
        #expect(parts.count == 3)
        for part in parts {
            #expect(TelegramHTMLChecker.problem(part) == nil, "\(part.prefix(40))…\(part.suffix(40))")
            #expect(visible(part) <= 4096)
        }
        #expect(parts[1].hasPrefix("<b><i>"))
        #expect(parts[0].hasSuffix("</i></b>"))
    }

    @Test func codeBlockKeepsItsLanguageAcrossParts() {
        let code = (0..<600).map { "let value\($0) = \($0)" }.joined(separator: "\n")
        let parts = TelegramSplitter.split(TelegramHTML.render("```swift\n" + code + "\n```"))
        #expect(parts.count > 1)
        for part in parts {
            #expect(part.hasPrefix("<pre><code class=\"language-swift\">"))
            #expect(part.hasSuffix("</code></pre>"))
            #expect(TelegramHTMLChecker.problem(part) == nil)
        }
    }

    @Test func oneHugeWordIsCutBetweenCharacters() {
        let html = String(repeating: "a&amp;", count: 5000)
        let parts = TelegramSplitter.split(html)
        #expect(parts.count == 3)
        #expect(parts.allSatisfy { TelegramHTMLChecker.problem($0) == nil && visible($0) <= 4096 })
        #expect(parts.joined() == html)
    }
}
