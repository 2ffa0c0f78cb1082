/// `m.room.redaction` content. From room version 11 the target is in the content (`redacts`); older
/// rooms put it beside the content, where `ClientEvent` does not model it.
public struct RedactionContent: EventContent {
    public static let eventType = EventType.redaction

    public var redacts: EventID?
    public var reason: String?

    public init(redacts: EventID?, reason: String? = nil) {
        self.redacts = redacts
        self.reason = reason
    }

    public init(json: JSONValue) {
        redacts = json.string("redacts", as: EventID.self)
        reason = json["reason"]?.stringValue
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("redacts", redacts)
        object.set("reason", reason)
        return object.json
    }
}
