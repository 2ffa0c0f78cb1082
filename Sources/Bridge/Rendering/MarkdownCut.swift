import Foundation

/// Where a long Markdown answer is cut into messages. A cut prefers a paragraph break, then a line break, then a
/// space, each outside code blocks and late enough that a message is not left nearly empty; a code block is cut
/// only when nothing else will do, and then it is closed at the end of one message and reopened in the next, so
/// every message renders on its own. Nothing is lost at a cut but the line breaks (or the space) between two messages.
enum MarkdownCut {
    /// One message's share of the text.
    struct Piece: Equatable {
        /// The Markdown the message shows: a reopened fence first, a closing fence last when the cut is in code.
        var text: String
        /// Characters of the source this piece consumed, with the line breaks skipped after the cut.
        var consumed: Int
        /// The fence line open at the cut, to reopen at the start of the next piece.
        var fence: String?
    }

    /// The first piece of `source` that `fits` (asked with the piece's text and whether it holds all the rest).
    /// `fence` is a code fence the previous piece left open. Always consumes at least one character.
    static func first(of source: Substring, reopening fence: String?, fits: (String, _ whole: Bool) -> Bool) -> Piece {
        let opening = fence.map { $0 + "\n" } ?? ""
        // All of it, a code block still open at its end closed (and reopened in whatever comes after).
        let whole = piece(source, at: Break(index: source.endIndex, kind: .line, offset: source.count), reopening: fence)
        if fits(whole.text, true) { return whole }
        // The longest prefix that fits, found by doubling then halving (`fits` renders, so it is asked few times).
        let characters = Array(source.indices)
        var low = 0
        var high = min(characters.count, 512)
        while high < characters.count, fits(opening + source[..<characters[high]], false) {
            low = high
            high = min(characters.count, high * 2)
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if fits(opening + source[..<characters[middle]], false) { low = middle } else { high = middle }
        }
        var window = max(low, 1)
        while true {
            let end = window < characters.count ? characters[window] : source.endIndex
            let cut = bestBreak(in: source[..<end], reopening: fence) ?? Break(index: end, kind: .space, offset: window)
            let piece = self.piece(source, at: cut, reopening: fence)
            // A closing fence can tip a piece over the limit: cut earlier.
            if window <= 1 || fits(piece.text, false) { return piece }
            window = max(1, min(window - 1, source.distance(from: source.startIndex, to: cut.index) - 1))
        }
    }

    /// The piece ending at the last line break of `source`, to finish a message whose edits are spent while the
    /// text goes on; nil when there is none yet. A space will do only in a long line: more text brings a better break.
    static func sealing(_ source: Substring, reopening fence: String?) -> Piece? {
        guard let cut = bestBreak(in: source, reopening: fence), cut.kind != .space || source.count >= longLine else { return nil }
        return piece(source, at: cut, reopening: fence)
    }

    /// Characters after which a streamed message may end between words rather than wait for a line break.
    static let longLine = 400

    /// All of `source` in pieces that each fit; `fits` is also told the piece's number.
    static func all(_ source: Substring, reopening fence: String?, fits: (Int, String, _ whole: Bool) -> Bool) -> [Piece] {
        var pieces: [Piece] = []
        var rest = source
        var fence = fence
        while !rest.isEmpty {
            let number = pieces.count
            let piece = first(of: rest, reopening: fence, fits: { fits(number, $0, $1) })
            pieces.append(piece)
            rest = rest.dropFirst(piece.consumed)
            fence = piece.fence
        }
        return pieces
    }

    struct Break {
        enum Kind { case paragraph, line, codeLine, space }
        var index: Substring.Index
        var kind: Kind
        /// Characters before the break.
        var offset: Int
    }

    /// Where to cut `text` (a window of what fits): the latest break of the best kind, preferring breaks in the
    /// second half so a message is not left nearly empty, and a line end outside code (from the second quarter on)
    /// to one inside a code block. Nil when `text` has no break at all.
    static func bestBreak(in text: Substring, reopening fence: String?) -> Break? {
        let found = breaks(in: text, reopening: fence)
        let length = text.count
        func latest(_ kind: Break.Kind, from: Int) -> Break? { found.last { $0.kind == kind && $0.offset >= from } }
        let half = length / 2
        return latest(.paragraph, from: half) ?? latest(.line, from: half) ?? latest(.line, from: length / 4)
            ?? latest(.codeLine, from: half) ?? latest(.space, from: half)
            ?? latest(.paragraph, from: 1) ?? latest(.line, from: 1) ?? latest(.codeLine, from: 1) ?? latest(.space, from: 1)
    }

    /// Every place `text` could be cut, in order. A blank line counts as a paragraph break and a line end; a space
    /// inside code is never one.
    static func breaks(in text: Substring, reopening fence: String?) -> [Break] {
        var found: [Break] = []
        var inCode = fence != nil
        var offset = 0
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            offset += 1
            if character == "\n" {
                let content = text[lineStart..<index]
                if isFenceLine(content) { inCode.toggle() }
                if inCode {
                    found.append(Break(index: next, kind: .codeLine, offset: offset))
                } else {
                    found.append(Break(index: next, kind: .line, offset: offset))
                    if lineStart > text.startIndex, content.allSatisfy({ $0 == " " || $0 == "\t" }) {
                        found.append(Break(index: next, kind: .paragraph, offset: offset))
                    }
                }
                lineStart = next
            } else if character == " ", !inCode {
                found.append(Break(index: next, kind: .space, offset: offset))
            }
            index = next
        }
        return found
    }

    /// The fence line of the code block `text` ends in, if it ends in one.
    static func openFence(in text: Substring, reopening fence: String?) -> String? {
        var open = fence
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where isFenceLine(line) {
            open = open == nil ? line.trimmingCharacters(in: .whitespaces) : nil
        }
        return open
    }

    static func isFenceLine(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
    }

    /// The piece of `source` up to `cut`: the reopened fence in front, trailing line breaks off, a fence left
    /// open closed; line breaks after the cut are skipped (outside code, where they only separate).
    private static func piece(_ source: Substring, at cut: Break, reopening fence: String?) -> Piece {
        let opening = fence.map { $0 + "\n" } ?? ""
        let open = openFence(in: source[..<cut.index], reopening: fence)
        var body = source[..<cut.index]
        while body.last == "\n" || (open == nil && body.last == " ") { body.removeLast() }
        var text = opening + body
        if let open {
            text += "\n" + String(open.prefix { $0 == "`" || $0 == "~" })
        }
        var end = cut.index
        if open == nil {
            while end < source.endIndex, source[end] == "\n" { end = source.index(after: end) }
        }
        return Piece(text: text, consumed: source.distance(from: source.startIndex, to: end), fence: open)
    }
}
