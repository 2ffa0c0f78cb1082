/// `m.room.member` content.
public struct MemberContent: EventContent {
    public static let eventType = EventType.member

    /// Nil when missing or not one the spec defines: such an event changes nothing Troupe tracks.
    public var membership: Membership?
    public var displayname: String?
    public var avatarURL: ContentURI?
    public var isDirect: Bool?
    public var reason: String?

    public init(membership: Membership?, displayname: String? = nil, avatarURL: ContentURI? = nil, isDirect: Bool? = nil,
                reason: String? = nil) {
        self.membership = membership
        self.displayname = displayname
        self.avatarURL = avatarURL
        self.isDirect = isDirect
        self.reason = reason
    }

    public init(json: JSONValue) {
        membership = json.string("membership", as: Membership.self)
        displayname = json["displayname"]?.stringValue
        avatarURL = json.string("avatar_url", as: ContentURI.self)
        isDirect = json["is_direct"]?.boolValue
        reason = json["reason"]?.stringValue
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("membership", membership)
        object.set("displayname", displayname)
        object.set("avatar_url", avatarURL)
        object.set("is_direct", isDirect)
        object.set("reason", reason)
        return object.json
    }
}
