/// A Matrix event type (`m.room.message`, `m.reaction`, …). Any string is valid: types Troupe does not
/// know pass through untouched; the constants are the ones it reads or sends.
public struct EventType: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }

    public static let message: EventType = "m.room.message"
    public static let reaction: EventType = "m.reaction"
    public static let member: EventType = "m.room.member"
    public static let encryption: EventType = "m.room.encryption"
    public static let encrypted: EventType = "m.room.encrypted"
    public static let redaction: EventType = "m.room.redaction"
    public static let create: EventType = "m.room.create"
    public static let name: EventType = "m.room.name"
    public static let topic: EventType = "m.room.topic"
    public static let avatar: EventType = "m.room.avatar"
    public static let powerLevels: EventType = "m.room.power_levels"
    public static let joinRules: EventType = "m.room.join_rules"
    public static let historyVisibility: EventType = "m.room.history_visibility"
    public static let canonicalAlias: EventType = "m.room.canonical_alias"
    public static let tombstone: EventType = "m.room.tombstone"
}
