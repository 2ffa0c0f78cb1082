import CCmark
import Foundation

/// Parses Markdown with cmark-gfm: CommonMark plus GitHub's tables, strikethrough, autolinks and task
/// lists. The C tree is read into `MarkdownDocument` and freed inside `parse`; no pointer leaves it.
public enum MarkdownParser {
    public enum LineBreaks: Sendable {
        /// As people (and agents) write in chat: a single newline is a line break, not a space.
        case chat
        /// CommonMark's own reading: a single newline joins the lines of a paragraph.
        case commonMark
    }

    public static func parse(_ markdown: String, lineBreaks: LineBreaks = .chat) -> MarkdownDocument {
        _ = extensionsRegistered
        // cmark-gfm switches its inline special characters (`~`, `|`, …) in a process-wide table when a
        // parser with extensions starts and finishes, so two parses at once could disturb each other.
        return lock.withLock {
            guard let parser = cmark_parser_new(options) else { return MarkdownDocument(blocks: [.paragraph([.text(markdown)])]) }
            defer { cmark_parser_free(parser) }
            for name in extensions {
                if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
            }
            var text = markdown
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            guard let root = cmark_parser_finish(parser) else { return MarkdownDocument(blocks: [.paragraph([.text(markdown)])]) }
            defer { cmark_node_free(root) }
            let reader = CmarkTreeReader(softBreak: lineBreaks == .chat ? .lineBreak : .softBreak)
            return MarkdownDocument(blocks: reader.blocks(under: root, depth: 0))
        }
    }

    /// Raw HTML is kept in the tree as `.html` (renderers escape it), so no "unsafe" or tag filter option
    /// is needed. Single tildes stay text: agents write `~5 s` for "about five seconds".
    private static let options = CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
    private static let extensions = ["table", "strikethrough", "autolink", "tasklist"]
    private static let lock = NSLock()

    /// Registering the core extensions is not thread-safe in cmark-gfm; a static `let` runs it exactly once.
    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()
}
