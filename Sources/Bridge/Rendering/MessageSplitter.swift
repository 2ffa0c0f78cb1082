/// Splits a long reply into parts that each fit in one Matrix event (65,536 bytes including the HTML
/// twin of the body and the envelope), preferring paragraph, then line, then word boundaries, and never
/// cutting a fenced code block without closing and reopening it.
public enum MessageSplitter {
    /// Bytes of Markdown per part. HTML can be about twice the Markdown, so 24 KB leaves room.
    public static let defaultLimit = 24 * 1024

    public static func split(_ text: String, limit: Int = defaultLimit) -> [String] {
        guard text.utf8.count > limit else { return [text] }
        var parts: [String] = []
        var remaining = Substring(text)
        var reopenFence: String?
        while !remaining.isEmpty {
            let prefix = reopenFence.map { $0 + "\n" } ?? ""
            let budget = limit - prefix.utf8.count - 8
            if remaining.utf8.count <= budget {
                parts.append(prefix + remaining)
                break
            }
            let cut = cutIndex(in: remaining, budget: budget)
            var part = prefix + remaining[..<cut]
            remaining = remaining[cut...].drop(while: { $0 == "\n" })
            // A fence left open in this part is closed here and reopened in the next.
            let fence = openFence(in: part)
            if let fence {
                part += "\n```"
                reopenFence = fence
            } else {
                reopenFence = nil
            }
            parts.append(part)
        }
        return parts
    }

    private static func cutIndex(in text: Substring, budget: Int) -> Substring.Index {
        var end = text.startIndex
        var bytes = 0
        for index in text.indices {
            let size = text[index].utf8.count
            if bytes + size > budget { break }
            bytes += size
            end = text.index(after: index)
        }
        let window = text[..<end]
        for separator in ["\n\n", "\n", " "] {
            if let range = window.range(of: separator, options: .backwards), range.lowerBound > text.startIndex {
                return range.upperBound
            }
        }
        return end
    }

    /// The opening fence line (e.g. "```swift") if the text ends inside a fenced block.
    static func openFence(in text: String) -> String? {
        var open: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("```") else { continue }
            open = open == nil ? trimmed : nil
        }
        return open
    }
}
