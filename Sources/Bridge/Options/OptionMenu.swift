import Foundation

/// A set of choices offered in one message: rendered as a numbered list with keycap digits, picked by
/// a reaction or by typing the number. More than ten options are paged with ◀️ ▶️.
public struct OptionMenu: Sendable, Equatable, Codable {
    public enum Purpose: Sendable, Equatable, Codable {
        /// A command's picker: the chosen option's value is run as that command's argument.
        case command(String)
        /// `[button:Label]` markers from an agent: the label goes back to the agent as the user's message.
        case agentButtons(agent: String)
    }

    public struct Option: Sendable, Equatable, Codable {
        public var label: String
        public var value: String
        public init(_ label: String, value: String? = nil) {
            self.label = label
            self.value = value ?? label
        }
    }

    public static let pageSize = 10
    public static let previousPage = "◀️"
    public static let nextPage = "▶️"

    public var title: String
    public var options: [Option]
    public var purpose: Purpose
    /// Who may pick; nil lets anyone with permission pick.
    public var owner: String?
    public var expiresAt: Date
    public var page = 0
    public var isDone = false
    /// The agent that posted the menu: it answers taps and marks the menu done.
    public var poster: String?

    public init(title: String, options: [Option], purpose: Purpose, owner: String?, lifetime: TimeInterval = 3600, now: Date = Date()) {
        self.title = title
        self.options = options
        self.purpose = purpose
        self.owner = owner
        self.expiresAt = now.addingTimeInterval(lifetime)
    }

    public var pageCount: Int { max(1, (options.count + Self.pageSize - 1) / Self.pageSize) }

    /// Options shown on the current page, numbered from 1.
    public var visible: ArraySlice<Option> {
        let start = page * Self.pageSize
        return options[start..<min(start + Self.pageSize, options.count)]
    }

    /// The option behind digit `number` on the current page.
    public func option(number: Int) -> Option? {
        let index = page * Self.pageSize + number - 1
        guard number >= 1, number <= Self.pageSize, options.indices.contains(index) else { return nil }
        return options[index]
    }

    /// The reactions the bot seeds on the message: the digits of this page, then the paging arrows.
    public var reactionKeys: [String] {
        var keys = (1...visible.count).compactMap(Keycap.emoji)
        if pageCount > 1 {
            if page > 0 { keys.append(Self.previousPage) }
            if page < pageCount - 1 { keys.append(Self.nextPage) }
        }
        return keys
    }

    /// Markdown for the message.
    public func render(_ text: Localizer = Localizer()) -> String {
        var lines = title.isEmpty ? [] : [title, ""]
        for (offset, option) in visible.enumerated() {
            lines.append("\(Keycap.emoji(offset + 1) ?? "\(offset + 1).") \(option.label)")
        }
        if pageCount > 1 {
            lines.append("")
            lines.append(text.menuPage(page + 1, of: pageCount))
        }
        lines.append("")
        lines.append(text.menuHint)
        return lines.joined(separator: "\n")
    }
}
