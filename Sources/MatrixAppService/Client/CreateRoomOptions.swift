/// The fields of `POST /createRoom` Troupe uses.
public struct CreateRoomOptions: Sendable {
    public var name: String?
    public var topic: String?
    public var invite: [UserID] = []
    public var isDirect = false
    public var preset: String = "private_chat"
    public var alias: String?
    /// Extra state sent with the creation, e.g. `m.room.encryption`.
    public var initialState: [(type: String, stateKey: String, content: JSONValue)] = []
    public var powerLevelOverride: JSONValue?

    /// The `initial_state` entry that creates a room encrypted with megolm.
    public static let megolmEncryption: (type: String, stateKey: String, content: JSONValue) =
        (type: EventType.encryption.rawValue, stateKey: "", content: EncryptionContent(algorithm: CryptoAlgorithm.megolm).json)

    public init(name: String? = nil, topic: String? = nil, invite: [UserID] = [], isDirect: Bool = false) {
        self.name = name
        self.topic = topic
        self.invite = invite
        self.isDirect = isDirect
    }

    var body: JSONValue {
        var object: [String: JSONValue] = [
            "preset": .string(preset),
            "is_direct": .bool(isDirect),
            "invite": .array(invite.map { .string($0.rawValue) }),
        ]
        if let name { object["name"] = .string(name) }
        if let topic { object["topic"] = .string(topic) }
        if let alias { object["room_alias_name"] = .string(alias) }
        if let powerLevelOverride { object["power_level_content_override"] = powerLevelOverride }
        if !initialState.isEmpty {
            object["initial_state"] = .array(initialState.map {
                ["type": .string($0.type), "state_key": .string($0.stateKey), "content": $0.content]
            })
        }
        return .object(object)
    }
}
