import Foundation

// The Bot API objects Troupe reads and writes, with Telegram's own field names. Only the fields Troupe
// uses are declared; Telegram adds fields often, and unknown ones are ignored by the decoder.

/// One incoming event from `getUpdates`.
public struct TelegramUpdate: Codable, Sendable, Equatable {
    public var updateID: Int64
    public var message: TelegramMessage?
    public var editedMessage: TelegramMessage?
    public var callbackQuery: TelegramCallbackQuery?
    public var myChatMember: TelegramChatMemberUpdated?

    enum CodingKeys: String, CodingKey {
        case message
        case updateID = "update_id"
        case editedMessage = "edited_message"
        case callbackQuery = "callback_query"
        case myChatMember = "my_chat_member"
    }

    public init(updateID: Int64, message: TelegramMessage? = nil, callbackQuery: TelegramCallbackQuery? = nil) {
        self.updateID = updateID
        self.message = message
        self.callbackQuery = callbackQuery
    }
}

public struct TelegramUser: Codable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool
    public var firstName: String
    public var lastName: String?
    public var username: String?

    enum CodingKeys: String, CodingKey {
        case id, username
        case isBot = "is_bot"
        case firstName = "first_name"
        case lastName = "last_name"
    }

    public init(id: Int64, isBot: Bool = false, firstName: String, lastName: String? = nil, username: String? = nil) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
    }

    /// How the user is named in messages: "@name" if they have a username, else their first name.
    public var displayName: String { username.map { "@" + $0 } ?? ([firstName] + [lastName].compactMap { $0 }).joined(separator: " ") }
}

public struct TelegramChat: Codable, Sendable, Equatable {
    /// "private", "group", "supergroup" or "channel".
    public var type: String
    public var id: Int64
    public var title: String?
    public var username: String?
    public var isForum: Bool?

    enum CodingKeys: String, CodingKey {
        case id, type, title, username
        case isForum = "is_forum"
    }

    public init(id: Int64, type: String, title: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
    }

    public var isPrivate: Bool { type == "private" }
    public var isGroup: Bool { type == "group" || type == "supergroup" }
}

public struct TelegramMessage: Codable, Sendable, Equatable {
    public var messageID: Int64
    public var messageThreadID: Int64?
    public var from: TelegramUser?
    public var chat: TelegramChat
    public var date: Int64
    public var text: String?
    public var caption: String?
    public var entities: [TelegramMessageEntity]?
    public var captionEntities: [TelegramMessageEntity]?
    public var isTopicMessage: Bool?
    /// Only one level deep: Telegram does not nest `reply_to_message` inside a reply.
    public var replyToMessage: TelegramReplyTarget?
    public var document: TelegramDocument?
    public var audio: TelegramDocument?
    public var voice: TelegramDocument?
    public var video: TelegramDocument?
    public var photo: [TelegramPhotoSize]?
    public var replyMarkup: TelegramInlineKeyboardMarkup?
    /// Service message in a supergroup that replaced an ordinary group (which had this id).
    public var migrateFromChatID: Int64?

    enum CodingKeys: String, CodingKey {
        case from, chat, date, text, caption, entities, document, photo, audio, voice, video
        case migrateFromChatID = "migrate_from_chat_id"
        case messageID = "message_id"
        case messageThreadID = "message_thread_id"
        case captionEntities = "caption_entities"
        case isTopicMessage = "is_topic_message"
        case replyToMessage = "reply_to_message"
        case replyMarkup = "reply_markup"
    }

    public init(messageID: Int64, from: TelegramUser?, chat: TelegramChat, date: Int64 = 0, text: String? = nil) {
        self.messageID = messageID
        self.from = from
        self.chat = chat
        self.date = date
        self.text = text
    }
}

/// The message a message replies to, without its own reply (which Telegram leaves out).
public struct TelegramReplyTarget: Codable, Sendable, Equatable {
    public var messageID: Int64
    public var from: TelegramUser?
    public var text: String?

    enum CodingKeys: String, CodingKey {
        case from, text
        case messageID = "message_id"
    }
}

public struct TelegramMessageEntity: Codable, Sendable, Equatable {
    /// "mention", "text_mention", "bot_command", "bold", …
    public var type: String
    /// In UTF-16 code units, as Telegram counts.
    public var offset: Int
    public var length: Int
    public var user: TelegramUser?

    public init(type: String, offset: Int, length: Int, user: TelegramUser? = nil) {
        self.type = type
        self.offset = offset
        self.length = length
        self.user = user
    }
}

public struct TelegramCallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: TelegramUser
    /// Missing when the message is too old for Telegram to include.
    public var message: TelegramMessage?
    public var data: String?

    public init(id: String, from: TelegramUser, message: TelegramMessage?, data: String?) {
        self.id = id
        self.from = from
        self.message = message
        self.data = data
    }
}

/// The bot's own membership changed: added to a group, removed, blocked.
public struct TelegramChatMemberUpdated: Codable, Sendable, Equatable {
    public var chat: TelegramChat
    public var from: TelegramUser
    public var newChatMember: Member

    public struct Member: Codable, Sendable, Equatable {
        /// "member", "administrator", "left", "kicked", …
        public var status: String
    }

    enum CodingKeys: String, CodingKey {
        case chat, from
        case newChatMember = "new_chat_member"
    }
}

/// A file Telegram hands over by id: a document, and also audio, voice notes and videos, which carry
/// the same fields (voice notes have no file name).
public struct TelegramDocument: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileName: String?
    public var mimeType: String?
    public var fileSize: Int64?

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileName = "file_name"
        case mimeType = "mime_type"
        case fileSize = "file_size"
    }
}

public struct TelegramPhotoSize: Codable, Sendable, Equatable {
    public var fileID: String
    public var width: Int
    public var height: Int
    public var fileSize: Int64?

    enum CodingKeys: String, CodingKey {
        case width, height
        case fileID = "file_id"
        case fileSize = "file_size"
    }
}

/// What `getFile` answers: where to download the file from, valid for an hour.
public struct TelegramFile: Codable, Sendable, Equatable {
    public var fileID: String
    public var fileSize: Int64?
    public var filePath: String?

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id"
        case fileSize = "file_size"
        case filePath = "file_path"
    }
}

public struct TelegramInlineKeyboardMarkup: Codable, Sendable, Equatable {
    public var inlineKeyboard: [[TelegramInlineKeyboardButton]]

    enum CodingKeys: String, CodingKey {
        case inlineKeyboard = "inline_keyboard"
    }

    public init(_ rows: [[TelegramInlineKeyboardButton]]) { self.inlineKeyboard = rows }
}

public struct TelegramInlineKeyboardButton: Codable, Sendable, Equatable {
    public var text: String
    public var callbackData: String?

    enum CodingKeys: String, CodingKey {
        case text
        case callbackData = "callback_data"
    }

    public init(text: String, callbackData: String) {
        self.text = text
        self.callbackData = callbackData
    }
}

/// One entry of the command menu Telegram clients show after "/".
public struct TelegramBotCommand: Codable, Sendable, Equatable {
    public var command: String
    public var description: String

    public init(command: String, description: String) {
        self.command = command
        self.description = description
    }
}

/// Sent with every answer from the Bot API: `{"ok": true, "result": …}` or an error with its code.
struct TelegramEnvelope<Result: Decodable>: Decodable {
    var ok: Bool
    var result: Result?
    var errorCode: Int?
    var description: String?
    var parameters: TelegramResponseParameters?

    enum CodingKeys: String, CodingKey {
        case ok, result, description, parameters
        case errorCode = "error_code"
    }
}

public struct TelegramResponseParameters: Codable, Sendable, Equatable {
    /// Seconds to wait before repeating a request that hit the flood limit.
    public var retryAfter: Int?
    /// A group became a supergroup and has a new id.
    public var migrateToChatID: Int64?

    enum CodingKeys: String, CodingKey {
        case retryAfter = "retry_after"
        case migrateToChatID = "migrate_to_chat_id"
    }
}
