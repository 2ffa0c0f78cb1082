/// A Markdown document as plain Swift values: what cmark-gfm parsed, with no C left in it, so it can be
/// rendered anywhere (Matrix HTML, Telegram HTML) and crosses concurrency domains freely.
public struct MarkdownDocument: Sendable, Equatable {
    public var blocks: [MarkdownBlock]

    public init(blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }
}

public indirect enum MarkdownBlock: Sendable, Equatable {
    case paragraph([MarkdownInline])
    case heading(level: Int, [MarkdownInline])
    /// Fenced or indented code; `language` is the first word of the fence's info string.
    case code(language: String?, text: String)
    case quote([MarkdownBlock])
    case list(MarkdownList)
    case table(MarkdownTable)
    case thematicBreak
    /// Raw HTML the author wrote. Renderers show it as text: it is never passed through.
    case html(String)
}

public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    /// A newline inside a paragraph. Chat parsing turns these into line breaks (see `MarkdownParser`).
    case softBreak
    case lineBreak
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case strikethrough([MarkdownInline])
    case link(destination: String, title: String, [MarkdownInline])
    case image(source: String, title: String, alt: [MarkdownInline])
    /// Raw inline HTML (`<b>`, `<T, E>`): shown as text, never passed through.
    case html(String)
}

public struct MarkdownList: Sendable, Equatable {
    /// The first number of an ordered list; nil for a bullet list.
    public var start: Int?
    /// A tight list has no blank lines between items, so its items' paragraphs are not separated.
    public var isTight: Bool
    public var items: [MarkdownListItem]

    public init(start: Int?, isTight: Bool, items: [MarkdownListItem]) {
        self.start = start
        self.isTight = isTight
        self.items = items
    }
}

public struct MarkdownListItem: Sendable, Equatable {
    public enum Task: Sendable, Equatable {
        case open
        case done
    }

    /// Set for a GFM task list item (`- [ ]`, `- [x]`).
    public var task: Task?
    public var blocks: [MarkdownBlock]

    public init(task: Task? = nil, blocks: [MarkdownBlock]) {
        self.task = task
        self.blocks = blocks
    }
}

public struct MarkdownTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        case none, left, center, right
    }

    public typealias Row = [[MarkdownInline]]

    public var alignments: [Alignment]
    public var header: Row
    public var rows: [Row]

    public init(alignments: [Alignment], header: Row, rows: [Row]) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
    }
}
