/// `m.mentions`: whom a message means to notify, as the sending client declared it.
public struct Mentions: Sendable, Hashable, Codable {
    public var userIDs: [UserID]
    /// An `@room` mention.
    public var room: Bool

    public init(userIDs: [UserID] = [], room: Bool = false) {
        self.userIDs = userIDs
        self.room = room
    }

    /// Non-string entries in `user_ids` are skipped, not fatal.
    public init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        userIDs = (json["user_ids"]?.arrayValue ?? []).compactMap { $0.stringValue.map(UserID.init) }
        room = json["room"]?.boolValue ?? false
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder(["user_ids": .array(userIDs.map { .string($0.rawValue) })])
        if room { object.set("room", true) }
        return object.json
    }

    public init(from decoder: any Decoder) throws {
        self = Mentions(json: try JSONValue(from: decoder)) ?? Mentions()
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
