/// Who asked, where, and about which agent: everything a command needs, on any transport.
public struct CommandContext: Sendable {
    public var sender: String
    public var level: PermissionLevel
    /// The chat the command was typed in, as the agent runtime keys it.
    public var chat: String
    /// The agent this chat talks to; commands like `!status` and `!stop` act on it.
    public var agent: String
    public var arguments: [String]
    public var rest: String
    /// `!` on Matrix, `/` on Telegram: for usage lines.
    public var prefix: String
    /// The chat's language, read as the command came in: every answer is written with it.
    public var text: Localizer
    /// Where `!language` reads and sets the chat's language; nil where nobody keeps one.
    public var languages: ChatLanguages?

    public init(sender: String, level: PermissionLevel, chat: String, agent: String, arguments: [String] = [],
                rest: String = "", prefix: String = "!", text: Localizer = Localizer(), languages: ChatLanguages? = nil) {
        self.sender = sender
        self.level = level
        self.chat = chat
        self.agent = agent
        self.arguments = arguments
        self.rest = rest
        self.prefix = prefix
        self.text = text
        self.languages = languages
    }
}

/// What a command answers: Markdown text, optionally with options to pick from, and optionally a turn the
/// transport starts after posting the text (and streams like any answer).
public struct CommandReply: Sendable, Equatable {
    public var text: String
    public var menu: OptionMenu?
    public var turn: SideTurn?

    public init(_ text: String, menu: OptionMenu? = nil, turn: SideTurn? = nil) {
        self.text = text
        self.menu = menu
        self.turn = turn
    }
}

/// A turn a command starts in a conversation of its own (a named session), shown with `label`.
public struct SideTurn: Sendable, Equatable {
    public var agent: String
    /// The runtime chat key of that conversation.
    public var chat: String
    public var text: String
    public var label: String
}

/// Thrown by a command whose arguments do not fit; the table answers with the usage line.
public struct CommandUsageError: Error, Sendable {
    public var detail: String?
    public init(_ detail: String? = nil) { self.detail = detail }
}

/// One row of the command table. The table is the single source for dispatch, permissions and `!help`.
public struct CommandSpec: Sendable {
    public var name: String
    public var aliases: [String]
    public var section: String
    public var level: PermissionLevel
    /// Arguments after the name, e.g. `[NAME]`.
    public var arguments: String
    public var summary: String
    public var run: @Sendable (CommandContext) async throws -> CommandReply

    public init(_ name: String, aliases: [String] = [], section: String, level: PermissionLevel = .user,
                arguments: String = "", summary: String, run: @escaping @Sendable (CommandContext) async throws -> CommandReply) {
        self.name = name
        self.aliases = aliases
        self.section = section
        self.level = level
        self.arguments = arguments
        self.summary = summary
        self.run = run
    }

    public func usage(prefix: String) -> String {
        arguments.isEmpty ? "\(prefix)\(name)" : "\(prefix)\(name) \(arguments)"
    }
}
