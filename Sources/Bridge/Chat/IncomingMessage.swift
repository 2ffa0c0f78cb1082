import Agents
import Foundation

/// What a transport hands the router: a message, or a pick from a menu, in the messenger's terms already
/// translated. The router decides everything else (which agent, permission, command, menu, session, turn).
public struct IncomingMessage: Sendable {
    /// The person who wrote, as the transport knows them.
    public struct Sender: Sendable {
        /// Stable across messages: a Matrix user id, `telegram:<user id>`. Menus remember their owner by it.
        public var id: String
        public var level: PermissionLevel
        /// Shown in refusals ("Sorry, … is not allowed").
        public var displayName: String
        /// What an admin must do to let this sender in, when the transport can say it.
        public var admissionHint: String?

        public init(id: String, level: PermissionLevel, displayName: String, admissionHint: String? = nil) {
            self.id = id
            self.level = level
            self.displayName = displayName
            self.admissionHint = admissionHint
        }
    }

    /// A reaction on a menu, a button press, or (found by the router) a typed number.
    public struct Pick: Sendable {
        public enum Menu: Sendable {
            /// The message that shows the menu (a Matrix reaction names it).
            case message(MessageID)
            /// The menu's token (a Telegram button carries it).
            case token(String)
        }

        public var menu: Menu
        public var key: String
        /// A button press, answered with a toast; nil for reactions and typed numbers, answered in the chat.
        public var press: String?
        /// Told the chosen option's label once the pick is taken (for mirrors).
        public var picked: (@Sendable (String) -> Void)?

        public init(menu: Menu, key: String, press: String? = nil, picked: (@Sendable (String) -> Void)? = nil) {
            self.menu = menu
            self.key = key
            self.press = press
            self.picked = picked
        }
    }

    /// A file that came with the message, not yet downloaded: given the chat's attachment folder, it names the file
    /// and returns the download the turn runs when it starts (the router converts images after it).
    public typealias PendingAttachment = @Sendable (_ folder: URL) throws -> (Attachment, AttachmentDownload)?
    /// Stores a message's file at the path its `Attachment` names.
    public typealias AttachmentDownload = @Sendable () async throws -> Void

    public var id: MessageID
    public var chat: ChatAddress
    public var sender: Sender
    /// What the person wrote, without quoted reply fallbacks or the bot's own @name.
    public var text: String
    /// Agents the message mentions (pills, `m.mentions`, display names).
    public var mentions: Set<String>
    public var replyTo: MessageID?
    /// The message replied to, when the transport knows its text: the agent gets it as context.
    public var quote: QuotedMessage?
    public var attachment: PendingAttachment?
    public var pick: Pick?
    /// Answered with hints when it carries nothing an agent can read (a private chat with the bot).
    public var expectsAnswer: Bool
    /// Set when the transport will not serve this chat (an unencrypted room under `encryption.require`): a
    /// message for an agent gets this answer and nothing else happens.
    public var refusal: String?

    public init(id: MessageID, chat: ChatAddress, sender: Sender, text: String, mentions: Set<String> = [], replyTo: MessageID? = nil,
                attachment: PendingAttachment? = nil, pick: Pick? = nil, expectsAnswer: Bool = false, refusal: String? = nil) {
        self.refusal = refusal
        self.id = id
        self.chat = chat
        self.sender = sender
        self.text = text
        self.mentions = mentions
        self.replyTo = replyTo
        self.attachment = attachment
        self.pick = pick
        self.expectsAnswer = expectsAnswer
    }
}
