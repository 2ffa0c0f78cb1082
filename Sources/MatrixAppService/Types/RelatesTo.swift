/// `m.relates_to`: what an event is about. An edit or reaction names its target with `rel_type` and
/// `event_id`; a reply names it in `m.in_reply_to` (inside a thread too, with `is_falling_back` telling
/// whether that reply is only the thread's fallback for clients without threads).
public struct RelatesTo: Sendable, Hashable, Codable {
    public var relType: RelationType?
    public var eventID: EventID?
    /// A reaction's key (the emoji).
    public var key: String?
    public var inReplyTo: EventID?
    public var isFallingBack: Bool?

    public init(relType: RelationType? = nil, eventID: EventID? = nil, key: String? = nil, inReplyTo: EventID? = nil,
                isFallingBack: Bool? = nil) {
        self.relType = relType
        self.eventID = eventID
        self.key = key
        self.inReplyTo = inReplyTo
        self.isFallingBack = isFallingBack
    }

    public static func reply(to event: EventID) -> RelatesTo { RelatesTo(inReplyTo: event) }
    /// In the thread whose first event is `root`. Clients without threads show it as a reply: to `replyTo` when the
    /// message answers one, else (a fallback, so `is_falling_back`) to the root.
    public static func inThread(_ root: EventID, replyTo: EventID?) -> RelatesTo {
        RelatesTo(relType: .thread, eventID: root, inReplyTo: replyTo ?? root, isFallingBack: replyTo == nil)
    }

    /// The message a message in a thread really replies to; nil for the thread's fallback reply.
    public var threadedReply: EventID? { isFallingBack == true ? nil : inReplyTo }

    public static func replacing(_ event: EventID) -> RelatesTo { RelatesTo(relType: .replace, eventID: event) }
    public static func annotation(of event: EventID, key: String) -> RelatesTo {
        RelatesTo(relType: .annotation, eventID: event, key: key)
    }

    /// Nil when `json` is not an object, so a stray `"m.relates_to": "x"` reads as no relation.
    public init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        relType = json.string("rel_type", as: RelationType.self)
        eventID = json.string("event_id", as: EventID.self)
        key = json["key"]?.stringValue
        inReplyTo = json["m.in_reply_to"]?.string("event_id", as: EventID.self)
        isFallingBack = json["is_falling_back"]?.boolValue
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("rel_type", relType)
        object.set("event_id", eventID)
        object.set("key", key)
        object.set("m.in_reply_to", inReplyTo.map { ["event_id": .string($0.rawValue)] as JSONValue })
        object.set("is_falling_back", isFallingBack)
        return object.json
    }

    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        guard let relation = RelatesTo(json: json) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "m.relates_to is not an object"))
        }
        self = relation
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
