/// Markdown as people (and agents) write it in chat: a single newline is a line break, not a space, and a
/// list or heading may follow a line of text directly. CommonMark (as Ink reads it) joins the lines of a
/// paragraph and wants a blank line before a list, which turns an agent's "Steps:\n1. a\n2. b" into one line
/// in Element and Telegram. This marks those newlines as hard breaks (two trailing spaces) and puts a blank
/// line before a block that follows text, before Ink parses; fenced code is left alone.
enum ChatMarkdown {
    static func withHardBreaks(_ markdown: String) -> String {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var fence: String?
        for index in lines.indices {
            var line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                output.append(line)
                continue
            }
            if let marker = fenceMarker(trimmed) {
                fence = marker
                output.append(line)
                continue
            }
            let next = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
            let isText = !trimmed.isEmpty && !startsBlock(trimmed)
            if isText && !next.isEmpty {
                if startsBlock(next) {
                    output.append(line)
                    output.append("")
                    continue
                }
                if !line.hasSuffix("  ") { line += "  " }
            }
            output.append(line)
        }
        return output.joined(separator: "\n")
    }

    private static func fenceMarker(_ line: String) -> String? {
        if line.hasPrefix("```") { return "```" }
        if line.hasPrefix("~~~") { return "~~~" }
        return nil
    }

    private static func isTableRow(_ line: String) -> Bool { line.hasPrefix("|") }

    /// A line that starts a block of its own, where a break before it would be wrong or redundant.
    private static func startsBlock(_ line: String) -> Bool {
        if line.hasPrefix("#") || line.hasPrefix(">") || isTableRow(line) || fenceMarker(line) != nil { return true }
        if ["- ", "* ", "+ "].contains(where: line.hasPrefix) { return true }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 9 {
            let rest = line.dropFirst(digits.count)
            if rest.hasPrefix(". ") || rest.hasPrefix(") ") { return true }
        }
        return line == "---" || line == "***" || line == "___"
    }
}
