/// Markdown inputs built from the pieces that trouble renderers (unclosed markers, raw HTML, entities,
/// tables, fences, unsafe links), the same on every run so a failure can be reproduced.
enum GeneratedMarkdown {
    static let pieces = ["**", "*", "_", "__", "~~", "`", "```", "```swift\n", "\n", "\n\n", "# ", "> ", "- ", "1. ", "- [ ] ", "- [x] ",
                         "| a | b |\n|---|---|\n", "| ", "[", "](", ")", "https://x.y/?a=1&b=2", "![", "<b>", "</b>", "</p>", "<T, E>",
                         "<script>", "&amp;", "&", "<", ">", "\"", "word", " ", "  \n", "    ", "---\n", "\\", "javascript:x", "😀",
                         "<!-- c -->", "mxc://h/m"]

    /// The `index`-th input: a hash of the index, read digit by digit in base `pieces.count`, picks up to
    /// 24 pieces (a few hashes chained for the longer ones).
    static func input(_ index: Int) -> String {
        var hash = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        let count = Int(hash % 24) + 1
        var markdown = ""
        for position in 0..<count {
            if position % 8 == 0 { hash = (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9 ^ UInt64(position) }
            markdown += pieces[Int(hash % UInt64(pieces.count))]
            hash /= UInt64(pieces.count)
        }
        return markdown
    }

    static func inputs(_ count: Int) -> [String] {
        (0..<count).map(input)
    }
}
