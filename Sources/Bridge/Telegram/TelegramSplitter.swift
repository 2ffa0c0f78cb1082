/// Splits Telegram HTML into messages under Telegram's limit of 4096 characters, counted as Telegram
/// counts them: UTF-16 code units of the text after the tags are parsed (so `&amp;` is one and tags are
/// none). Cuts prefer a line break in the second half of a part, then a space, and never fall inside a
/// tag, an entity or a character; tags open at a cut are closed at the end of the part and reopened at
/// the start of the next, so every part is valid on its own.
///
/// `MessageSplitter` does not fit here: it cuts Markdown by UTF-8 bytes for Matrix events, while
/// Telegram's limit applies to the rendered text in UTF-16 units.
public enum TelegramSplitter {
    public static let limit = 4096

    public static func split(_ html: String, limit: Int = limit) -> [String] {
        let atoms = self.atoms(html, longest: max(1, limit / 4))
        guard atoms.reduce(0, { $0 + $1.length }) > limit else { return html.isEmpty ? [] : [html] }
        var parts: [String] = []
        var start = 0
        var stack: [(name: String, open: String)] = []
        while start < atoms.count {
            // Line breaks at the start of a part would only be trimmed by Telegram, yet count here.
            while start < atoms.count, atoms[start].isBreak {
                start += 1
            }
            guard start < atoms.count else { break }
            var end = start
            var length = 0
            var lastLine: Int?
            var lastSpace: Int?
            while end < atoms.count, length + atoms[end].length <= limit {
                length += atoms[end].length
                if atoms[end].isBreak, length >= limit / 2 { lastLine = end + 1 }
                if atoms[end].endsWithSpace { lastSpace = end + 1 }
                end += 1
            }
            if end < atoms.count { end = lastLine ?? lastSpace ?? end }
            if end == start { end = start + 1 }
            var part = stack.map(\.open).joined()
            var visible = 0
            for atom in atoms[start..<end] {
                part += atom.html
                visible += atom.length
                switch atom.kind {
                case .open(let name): stack.append((name, atom.html))
                case .close(let name):
                    if let index = stack.lastIndex(where: { $0.name == name }) { stack.remove(at: index) }
                case .text: break
                }
            }
            part += stack.reversed().map { "</\($0.name)>" }.joined()
            if visible > 0 { parts.append(part) }
            start = end
        }
        return parts
    }

    struct Atom {
        enum Kind {
            case open(String)
            case close(String)
            case text
        }

        var kind: Kind
        var html: String
        /// Visible UTF-16 units.
        var length: Int
        var isBreak = false
        var endsWithSpace = false
    }

    /// Tags, line breaks, and words with their trailing spaces; a word longer than `longest` is cut
    /// into pieces (between characters) so that one word cannot exceed a part.
    static func atoms(_ html: String, longest: Int) -> [Atom] {
        var atoms: [Atom] = []
        for token in HTMLTokenizer.tokenize(html) {
            switch token {
            case .start(let name, _, let raw):
                atoms.append(Atom(kind: .open(name), html: raw, length: 0))
            case .end(let name):
                atoms.append(Atom(kind: .close(name), html: "</\(name)>", length: 0))
            case .text(let raw):
                var word = ""
                var wordLength = 0
                func flush(endsWithSpace: Bool) {
                    guard !word.isEmpty else { return }
                    atoms.append(Atom(kind: .text, html: TelegramHTML.escape(word), length: wordLength, endsWithSpace: endsWithSpace))
                    word = ""
                    wordLength = 0
                }
                for character in HTMLTokenizer.decodeEntities(raw) {
                    if character == "\n" {
                        flush(endsWithSpace: false)
                        atoms.append(Atom(kind: .text, html: "\n", length: 1, isBreak: true))
                        continue
                    }
                    let units = character.utf16.count
                    if wordLength + units > longest { flush(endsWithSpace: false) }
                    word.append(character)
                    wordLength += units
                    if character == " " { flush(endsWithSpace: true) }
                }
                flush(endsWithSpace: false)
            }
        }
        return atoms
    }
}
