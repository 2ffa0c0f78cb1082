import AgentControl
import Agents
import MatrixAppService

/// Where a conversation happens, on whichever messenger. The agent runtime, the stores and the delivery
/// queue keep it as a string (`stored`); this enum is the only code that writes or reads those strings.
public indirect enum ChatAddress: Hashable, Sendable, CustomStringConvertible {
    /// A Matrix room: `matrix:<room id>`.
    case matrix(RoomID)
    /// A thread in a Matrix room, a conversation of its own like a Telegram topic: `matrix:<room id>/<root event id>`.
    case matrixThread(RoomID, root: EventID)
    /// A Telegram chat or forum topic: `telegram:[<agent>@]<chat>[/<topic>]`.
    case telegram(TelegramChatRef)
    /// A named side session (`!session`) inside a chat: `<chat>#<name>`.
    case session(ChatAddress, name: String)
    /// Where an agent's synchronous questions to other agents run: `delegate:<asking agent>:<asker's chat>`.
    case delegation(asker: String, chat: ChatAddress)
    /// A sub-agent run's own conversation: `run:<id>` (the agent runtime names these).
    case run(RunID)
    /// A conversation no transport made (a turn started from the shell, a test): kept as it is, owned by nobody.
    case unknown(String)

    static let matrixPrefix = "matrix:"
    static let telegramPrefix = "telegram:"
    static let delegationPrefix = "delegate:"

    public var stored: String {
        switch self {
        case .matrix(let room): Self.matrixPrefix + room.rawValue
        case .matrixThread(let room, let root): Self.matrixPrefix + room.rawValue + "/" + root.rawValue
        case .telegram(let chat):
            Self.telegramPrefix + (chat.bot.map { "\($0)@" } ?? "") + String(chat.chatID) + (chat.threadID.map { "/\($0)" } ?? "")
        case .session(let chat, let name): chat.stored + "#" + name
        case .delegation(let asker, let chat): Self.delegationPrefix + asker + ":" + chat.stored
        case .run(let id): Run.chat(for: id).rawValue
        case .unknown(let raw): raw
        }
    }

    public var chatKey: ChatKey { ChatKey(stored) }
    public var description: String { stored }

    public init?(_ key: ChatKey) { self.init(stored: key.rawValue) }

    /// Reads a stored address back; nil for a string no transport made.
    public init?(stored: String) {
        if stored.hasPrefix(Self.delegationPrefix) {
            let rest = stored.dropFirst(Self.delegationPrefix.count)
            guard let colon = rest.firstIndex(of: ":"), colon > rest.startIndex else { return nil }
            let inner = String(rest[rest.index(after: colon)...])
            self = .delegation(asker: String(rest[..<colon]), chat: ChatAddress(stored: inner) ?? .unknown(inner))
        } else if let hash = stored.lastIndex(of: "#"), Self.isSessionName(stored[stored.index(after: hash)...]),
                  let base = ChatAddress(stored: String(stored[..<hash])) {
            self = .session(base, name: String(stored[stored.index(after: hash)...]))
        } else if stored.hasPrefix(Self.matrixPrefix) {
            let rest = stored.dropFirst(Self.matrixPrefix.count)
            // Room ids hold no `/`; event ids start with `$`.
            if let slash = rest.firstIndex(of: "/") {
                let root = rest[rest.index(after: slash)...]
                guard slash > rest.startIndex, root.hasPrefix("$"), root.count > 1 else { return nil }
                self = .matrixThread(RoomID(String(rest[..<slash])), root: EventID(String(root)))
            } else {
                guard !rest.isEmpty else { return nil }
                self = .matrix(RoomID(String(rest)))
            }
        } else if stored.hasPrefix(Self.telegramPrefix) {
            guard let chat = Self.telegramChat(stored.dropFirst(Self.telegramPrefix.count)) else { return nil }
            self = .telegram(chat)
        } else if let run = Run.id(inChat: ChatKey(stored)) {
            self = .run(run)
        } else {
            return nil
        }
    }

    /// The chat people are in: a side session lives in its chat, and a delegation chat leads back to the chat
    /// its asker was answering (nobody waits in the delegation chat itself).
    public var origin: ChatAddress {
        switch self {
        case .session(let chat, _): chat.origin
        case .delegation(_, let chat): chat.origin
        default: self
        }
    }

    /// The chat people are in, for any stored conversation key.
    public static func origin(of key: ChatKey) -> ChatAddress { (ChatAddress(key) ?? .unknown(key.rawValue)).origin }

    /// The room, when the conversation happens in a Matrix room (or a thread in one).
    public var matrixRoom: RoomID? {
        switch origin {
        case .matrix(let room), .matrixThread(let room, _): room
        default: nil
        }
    }

    /// The thread's first event, when the conversation is a thread in a Matrix room.
    public var matrixThreadRoot: EventID? {
        if case .matrixThread(_, let root) = origin { return root }
        return nil
    }

    /// The Telegram chat, when the conversation happens on Telegram.
    public var telegramChat: TelegramChatRef? {
        if case .telegram(let chat) = origin { return chat }
        return nil
    }

    /// The side session's name, when this is one.
    public var sessionName: String? {
        if case .session(_, let name) = self { return name }
        return nil
    }

    private static func isSessionName(_ name: Substring) -> Bool {
        !name.isEmpty && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
    }

    private static func telegramChat(_ text: Substring) -> TelegramChatRef? {
        var rest = text
        var bot: String?
        if let at = rest.firstIndex(of: "@") {
            bot = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        let fields = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard let chat = fields.first.flatMap({ Int64($0) }), fields.count <= 2 else { return nil }
        var thread: Int64?
        if fields.count == 2 {
            guard let topic = Int64(fields[1]) else { return nil }
            thread = topic
        }
        return TelegramChatRef(chatID: chat, threadID: thread, bot: bot)
    }
}

extension ChatAddress {
    /// Where an agent's questions to other agents run (the control API's `ask`): one chat per asking agent and the
    /// chat it was answering.
    static func delegationChat(_ caller: ControlGrant) -> ChatKey {
        ChatAddress.delegation(asker: caller.agent, chat: ChatAddress(caller.chat) ?? .unknown(caller.chat.rawValue)).chatKey
    }
}
