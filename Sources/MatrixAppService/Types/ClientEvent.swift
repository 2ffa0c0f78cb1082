/// A room event as the appservice API delivers it (the client-server "ClientEvent" format).
public struct ClientEvent: Sendable, Hashable, Codable {
    public var type: String
    public var eventID: EventID
    public var sender: UserID
    public var roomID: RoomID
    public var stateKey: String?
    public var content: JSONValue
    public var originServerTS: Int64
    public var unsigned: JSONValue?

    enum CodingKeys: String, CodingKey {
        case type, sender, content, unsigned
        case eventID = "event_id"
        case roomID = "room_id"
        case stateKey = "state_key"
        case originServerTS = "origin_server_ts"
    }

    public init(type: String, eventID: EventID, sender: UserID, roomID: RoomID, stateKey: String? = nil,
                content: JSONValue, originServerTS: Int64 = 0, unsigned: JSONValue? = nil) {
        self.type = type
        self.eventID = eventID
        self.sender = sender
        self.roomID = roomID
        self.stateKey = stateKey
        self.content = content
        self.originServerTS = originServerTS
        self.unsigned = unsigned
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        eventID = try container.decode(EventID.self, forKey: .eventID)
        sender = try container.decode(UserID.self, forKey: .sender)
        roomID = try container.decode(RoomID.self, forKey: .roomID)
        stateKey = try container.decodeIfPresent(String.self, forKey: .stateKey)
        // Redacted events may arrive with no content at all.
        content = try container.decodeIfPresent(JSONValue.self, forKey: .content) ?? .object([:])
        originServerTS = try container.decodeIfPresent(Int64.self, forKey: .originServerTS) ?? 0
        unsigned = try container.decodeIfPresent(JSONValue.self, forKey: .unsigned)
    }

    public var isState: Bool { stateKey != nil }

    /// `m.room.member` convenience: the membership this event sets, if it is one.
    public var membership: Membership? {
        memberContent?.membership
    }
}

public enum Membership: String, Sendable, Codable, Hashable {
    case invite, join, leave, ban, knock
}

/// An event without a room context: ephemeral (typing, receipts) events.
public struct EphemeralEvent: Sendable, Hashable, Codable {
    public var type: String
    public var roomID: RoomID?
    public var content: JSONValue

    public init(type: String, roomID: RoomID?, content: JSONValue) {
        self.type = type
        self.roomID = roomID
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case type, content
        case roomID = "room_id"
    }
}

/// A to-device event as delivered to an appservice (MSC2409): addressed to one device of one of our users.
public struct ToDeviceEvent: Sendable, Hashable, Codable {
    public var type: String
    public var sender: UserID
    public var toUserID: UserID
    public var toDeviceID: DeviceID
    public var content: JSONValue

    public init(type: String, sender: UserID, toUserID: UserID, toDeviceID: DeviceID, content: JSONValue) {
        self.type = type
        self.sender = sender
        self.toUserID = toUserID
        self.toDeviceID = toDeviceID
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case type, sender, content
        case toUserID = "to_user_id"
        case toDeviceID = "to_device_id"
    }
}
