/// `m.room.encryption` content: the room's algorithm and how often its sessions rotate.
public struct EncryptionContent: EventContent {
    public static let eventType = EventType.encryption

    public var algorithm: String?
    public var rotationPeriodMs: Int64?
    public var rotationPeriodMsgs: Int64?

    public init(algorithm: String?, rotationPeriodMs: Int64? = nil, rotationPeriodMsgs: Int64? = nil) {
        self.algorithm = algorithm
        self.rotationPeriodMs = rotationPeriodMs
        self.rotationPeriodMsgs = rotationPeriodMsgs
    }

    public init(json: JSONValue) {
        algorithm = json["algorithm"]?.stringValue
        rotationPeriodMs = json["rotation_period_ms"]?.intValue
        rotationPeriodMsgs = json["rotation_period_msgs"]?.intValue
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("algorithm", algorithm)
        object.set("rotation_period_ms", rotationPeriodMs)
        object.set("rotation_period_msgs", rotationPeriodMsgs)
        return object.json
    }
}
