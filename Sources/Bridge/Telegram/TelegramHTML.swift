import Markdown

/// Agent output (Markdown) as Telegram HTML: only the tags Telegram accepts, always balanced, with `<`,
/// `>` and `&` escaped in text and attributes. cmark-gfm parses (CommonMark + GFM, a single newline is a
/// line break) and `TelegramHTMLWriter` walks its tree; raw HTML the agent wrote is shown as text.
public enum TelegramHTML {
    public static func render(_ markdown: String) -> String {
        TelegramHTMLWriter().document(MarkdownParser.parse(markdown))
    }

    /// `&`, `<` and `>` as entities: all Telegram requires in text.
    public static func escape(_ text: String) -> String {
        MarkupEscaping.text(text)
    }
}
