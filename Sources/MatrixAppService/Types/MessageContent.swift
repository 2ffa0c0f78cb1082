/// `m.room.message` content: text, notices and media, with mentions, replies, threads and edits.
///
/// Fields Troupe does not model (extensible-event mirrors, client-specific keys) are kept in `extra`,
/// so content read and sent on again loses nothing.
public struct MessageContent: EventContent {
    public static let eventType = EventType.message

    public var msgtype: MessageType?
    /// Plain text; `""` when the event carries none (a malformed or redacted message).
    public var body: String
    public var format: String?
    public var formattedBody: String?
    /// An unencrypted attachment's `mxc://` URI.
    public var url: ContentURI?
    /// An encrypted attachment (`EncryptedAttachment`'s JSON: url, key, iv, hashes).
    public var file: JSONValue?
    public var info: MediaInfo?
    /// The attachment's file name when `body` is a caption.
    public var filename: String?
    public var mentions: Mentions?
    public var relatesTo: RelatesTo?
    /// Every key not modelled above, as received.
    public var extra: [String: JSONValue]
    private var newContentStorage: Indirect<MessageContent>?

    public static let htmlFormat = "org.matrix.custom.html"

    public init(msgtype: MessageType? = .text, body: String, format: String? = nil, formattedBody: String? = nil,
                url: ContentURI? = nil, file: JSONValue? = nil, info: MediaInfo? = nil, filename: String? = nil,
                mentions: Mentions? = nil, relatesTo: RelatesTo? = nil, newContent: MessageContent? = nil,
                extra: [String: JSONValue] = [:]) {
        self.msgtype = msgtype
        self.body = body
        self.format = format
        self.formattedBody = formattedBody
        self.url = url
        self.file = file
        self.info = info
        self.filename = filename
        self.mentions = mentions
        self.relatesTo = relatesTo
        self.extra = extra
        self.newContent = newContent
    }

    /// An edit's replacement content (`m.new_content`).
    public var newContent: MessageContent? {
        get { newContentStorage?.value }
        set { newContentStorage = newValue.map(Indirect.init) }
    }

    /// The event this message replies to, if any.
    public var replyTarget: EventID? { relatesTo?.inReplyTo }
    /// An edit is not a new message.
    public var isEdit: Bool { relatesTo?.relType == .replace }
    /// The HTML body, when the message has one in the format Matrix defines.
    public var html: String? { format == Self.htmlFormat ? formattedBody : nil }

    static let modelledKeys: Set<String> = [
        "msgtype", "body", "format", "formatted_body", "url", "file", "info", "filename", "m.mentions", "m.relates_to", "m.new_content",
    ]

    public init(json: JSONValue) {
        msgtype = json.string("msgtype", as: MessageType.self)
        body = json["body"]?.stringValue ?? ""
        format = json["format"]?.stringValue
        formattedBody = json["formatted_body"]?.stringValue
        url = json.string("url", as: ContentURI.self)
        // Not a ternary with `nil`: JSONValue is ExpressibleByNilLiteral, so that `nil` would be `.null`.
        if let file = json["file"], file.objectValue != nil { self.file = file } else { file = nil }
        info = json["info"].flatMap(MediaInfo.init(json:))
        filename = json["filename"]?.stringValue
        mentions = json["m.mentions"].flatMap(Mentions.init(json:))
        relatesTo = json["m.relates_to"].flatMap(RelatesTo.init(json:))
        extra = (json.objectValue ?? [:]).filter { !Self.modelledKeys.contains($0.key) }
        newContentStorage = json["m.new_content"].flatMap { $0.objectValue != nil ? Indirect(MessageContent(json: $0)) : nil }
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder(extra)
        object.set("msgtype", msgtype)
        object.set("body", body)
        object.set("format", format)
        object.set("formatted_body", formattedBody)
        object.set("url", url)
        object.set("file", file)
        object.set("info", info?.json)
        object.set("filename", filename)
        object.set("m.mentions", mentions?.json)
        object.set("m.relates_to", relatesTo?.json)
        object.set("m.new_content", newContent?.json)
        return object.json
    }
}

/// Lets a struct hold an optional value of its own type.
private indirect enum Indirect<Value: Sendable & Hashable>: Sendable, Hashable {
    case value(Value)
    init(_ value: Value) { self = .value(value) }
    var value: Value { switch self { case .value(let value): value } }
}
