import Testing
@testable import Markdown

@Suite struct MarkdownParserTests {
    private func blocks(_ markdown: String, _ lineBreaks: MarkdownParser.LineBreaks = .chat) -> [MarkdownBlock] {
        MarkdownParser.parse(markdown, lineBreaks: lineBreaks).blocks
    }

    @Test func aSingleNewlineIsALineBreakInChatAndASoftBreakInCommonMark() {
        #expect(blocks("a\nb") == [.paragraph([.text("a"), .lineBreak, .text("b")])])
        #expect(blocks("a\nb", .commonMark) == [.paragraph([.text("a"), .softBreak, .text("b")])])
    }

    @Test func gfmTableKeepsHeaderRowsAndAlignment() {
        let table = MarkdownTable(alignments: [.left, .right], header: [[.text("name")], [.text("n")]],
                                  rows: [[[.strong([.text("a")])], [.text("1")]], [[.text("b")], [.code("2")]]])
        #expect(blocks("| name | n |\n|:--|--:|\n| **a** | 1 |\n| b | `2` |") == [.table(table)])
    }

    @Test func strikethroughNeedsTwoTildes() {
        #expect(blocks("~~gone~~ and ~5 s") == [.paragraph([.strikethrough([.text("gone")]), .text(" and ~5 s")])])
    }

    @Test func bareURLsAndAddressesBecomeLinks() {
        #expect(blocks("see https://example.com/x now") == [.paragraph([
            .text("see "), .link(destination: "https://example.com/x", title: "", [.text("https://example.com/x")]), .text(" now"),
        ])])
        guard case .paragraph(let content)? = blocks("www.example.com").first, case .link(let target, _, _)? = content.first else {
            Issue.record("www. autolink missing")
            return
        }
        #expect(target == "http://www.example.com")
    }

    @Test func taskListItemsCarryTheirState() {
        let expected = MarkdownList(start: nil, isTight: true, items: [
            MarkdownListItem(task: .open, blocks: [.paragraph([.text("todo")])]),
            MarkdownListItem(task: .done, blocks: [.paragraph([.text("done")])]),
            MarkdownListItem(task: nil, blocks: [.paragraph([.text("plain")])]),
        ])
        #expect(blocks("- [ ] todo\n- [x] done\n- plain") == [.list(expected)])
    }

    @Test func rawHTMLStaysInTheTreeAsHTMLNodes() {
        #expect(blocks("Use Array<Int> here") == [.paragraph([.text("Use Array"), .html("<Int>"), .text(" here")])])
        #expect(blocks("Result<T, E>") == [.paragraph([.text("Result<T, E>")])])
        #expect(blocks("<script>alert(1)</script>") == [.html("<script>alert(1)</script>\n")])
    }

    @Test func fencedCodeKeepsItsTextAndLanguage() {
        #expect(blocks("```swift title\nlet a = 1\n\n**no**\n```") == [.code(language: "swift", text: "let a = 1\n\n**no**\n")])
    }

    @Test func aListMayFollowATextLine() {
        guard case .list(let list)? = blocks("Steps:\n1. one\n2. two").last else {
            Issue.record("no list")
            return
        }
        #expect(list.start == 1)
        #expect(list.items.count == 2)
        #expect(blocks("Intro:\n- a").count == 2)
    }

    @Test func nulAndInvalidBytesLoseNoText() {
        #expect(blocks("a\u{0}b") == [.paragraph([.text("a\u{FFFD}b")])])
    }

    @Test func deepNestingIsFlattenedNotRecursedWithoutBound() {
        let deep = String(repeating: ">", count: 5_000) + " bottom"
        var blocks = blocks(deep)
        var depth = 0
        while case .quote(let inner)? = blocks.first {
            blocks = inner
            depth += 1
        }
        #expect(depth < 5_000)
        #expect(blocks == [.paragraph([.text("bottom")])])
    }

    @Test func parsesConcurrently() async {
        await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    MarkdownParser.parse("~~\(index)~~ | x").blocks == [.paragraph([.strikethrough([.text("\(index)")]), .text(" | x")])]
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
