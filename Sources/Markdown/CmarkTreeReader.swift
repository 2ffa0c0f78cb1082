import CCmark

/// Reads a cmark-gfm node tree into `MarkdownBlock` and `MarkdownInline` values. Only `MarkdownParser`
/// uses it, while the tree is alive.
struct CmarkTreeReader {
    /// What a newline inside a paragraph becomes.
    let softBreak: MarkdownInline

    /// Deeper nesting than this (`>>>>>>…`, thousands of `[`) is kept as its plain text, so neither this
    /// reader nor a renderer recurses without bound.
    static let maxDepth = 48

    func blocks(under parent: OpaquePointer, depth: Int) -> [MarkdownBlock] {
        children(of: parent).compactMap { block($0, depth: depth + 1) }
    }

    func block(_ node: OpaquePointer, depth: Int) -> MarkdownBlock? {
        if depth > Self.maxDepth { return .paragraph([.text(Self.flatText(node))]) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(under: node, depth: depth))
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(under: node, depth: depth))
        case CMARK_NODE_CODE_BLOCK:
            let info = Self.string(cmark_node_get_fence_info(node))
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
            return .code(language: language, text: Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_BLOCK_QUOTE:
            return .quote(blocks(under: node, depth: depth))
        case CMARK_NODE_LIST:
            return .list(list(node, depth: depth))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        case CMARK_NODE_HTML_BLOCK:
            return .html(Self.string(cmark_node_get_literal(node)))
        default:
            if typeName(node) == "table" { return .table(table(node, depth: depth)) }
            // Anything else (footnotes are off; custom blocks are never parsed) keeps its text.
            let text = Self.flatText(node)
            return text.isEmpty ? nil : .paragraph([.text(text)])
        }
    }

    func inlines(under parent: OpaquePointer, depth: Int) -> [MarkdownInline] {
        children(of: parent).map { inline($0, depth: depth + 1) }
    }

    func inline(_ node: OpaquePointer, depth: Int) -> MarkdownInline {
        if depth > Self.maxDepth { return .text(Self.flatText(node)) }
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_CODE: return .code(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: return softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_EMPH: return .emphasis(inlines(under: node, depth: depth))
        case CMARK_NODE_STRONG: return .strong(inlines(under: node, depth: depth))
        case CMARK_NODE_HTML_INLINE: return .html(Self.string(cmark_node_get_literal(node)))
        case CMARK_NODE_LINK:
            return .link(destination: Self.string(cmark_node_get_url(node)), title: Self.string(cmark_node_get_title(node)),
                         inlines(under: node, depth: depth))
        case CMARK_NODE_IMAGE:
            return .image(source: Self.string(cmark_node_get_url(node)), title: Self.string(cmark_node_get_title(node)),
                          alt: inlines(under: node, depth: depth))
        default:
            if typeName(node) == "strikethrough" { return .strikethrough(inlines(under: node, depth: depth)) }
            return .text(Self.flatText(node))
        }
    }

    func list(_ node: OpaquePointer, depth: Int) -> MarkdownList {
        let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        let items = children(of: node).map { item in
            var task: MarkdownListItem.Task?
            if typeName(item) == "tasklist" { task = cmark_gfm_extensions_get_tasklist_item_checked(item) ? .done : .open }
            return MarkdownListItem(task: task, blocks: blocks(under: item, depth: depth + 1))
        }
        return MarkdownList(start: ordered ? Int(cmark_node_get_list_start(node)) : nil,
                            isTight: cmark_node_get_list_tight(node) != 0, items: items)
    }

    func table(_ node: OpaquePointer, depth: Int) -> MarkdownTable {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments = [MarkdownTable.Alignment](repeating: .none, count: columns)
        if let raw = cmark_gfm_extensions_get_table_alignments(node) {
            for column in 0..<columns {
                switch raw[column] {
                case UInt8(ascii: "l"): alignments[column] = .left
                case UInt8(ascii: "c"): alignments[column] = .center
                case UInt8(ascii: "r"): alignments[column] = .right
                default: break
                }
            }
        }
        var header: MarkdownTable.Row = []
        var rows: [MarkdownTable.Row] = []
        for row in children(of: node) {
            let cells = children(of: row).map { inlines(under: $0, depth: depth + 2) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { rows.append(cells) }
        }
        return MarkdownTable(alignments: alignments, header: header, rows: rows)
    }

    private func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private func typeName(_ node: OpaquePointer) -> String {
        Self.string(cmark_node_get_type_string(node))
    }

    /// The literal text under `node`, walked with cmark's own iterator (no recursion).
    static func flatText(_ node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            guard let current = cmark_iter_get_node(iterator), cmark_iter_get_event_type(iterator) == CMARK_EVENT_ENTER else { continue }
            switch cmark_node_get_type(current) {
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: text += "\n"
            default: text += string(cmark_node_get_literal(current))
            }
        }
        return text
    }

    static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
