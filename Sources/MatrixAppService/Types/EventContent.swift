/// Typed event content. Each type reads itself from the `JSONValue` the event was parsed into, so the
/// event is parsed (and stored) once as before and typing it costs no second JSON pass.
///
/// Reading is lenient the way a bridge must be: unknown fields are ignored and a field of the wrong
/// type reads as absent, so one odd client never makes Troupe drop a message. Writing emits only the
/// fields that are set.
public protocol EventContent: Sendable, Hashable, Codable {
    /// The event type this content belongs to.
    static var eventType: EventType { get }
    init(json: JSONValue)
    var json: JSONValue { get }
}

extension EventContent {
    public init(from decoder: any Decoder) throws { self.init(json: try JSONValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension ClientEvent {
    /// The content as `C`, or nil when the event is of another type.
    public func content<C: EventContent>(as _: C.Type) -> C? {
        type == C.eventType.rawValue ? C(json: content) : nil
    }

    public var eventType: EventType { EventType(type) }
    public var messageContent: MessageContent? { content(as: MessageContent.self) }
    public var reactionContent: ReactionContent? { content(as: ReactionContent.self) }
    public var memberContent: MemberContent? { content(as: MemberContent.self) }
    public var encryptionContent: EncryptionContent? { content(as: EncryptionContent.self) }
    public var redactionContent: RedactionContent? { content(as: RedactionContent.self) }
}

/// Builds a JSON object from optional fields, leaving out the absent ones.
struct JSONObjectBuilder {
    private(set) var fields: [String: JSONValue] = [:]

    init(_ fields: [String: JSONValue] = [:]) { self.fields = fields }

    mutating func set(_ key: String, _ value: JSONValue?) { if let value { fields[key] = value } }
    mutating func set(_ key: String, _ value: String?) { set(key, value.map(JSONValue.string)) }
    mutating func set<R: RawRepresentable<String>>(_ key: String, _ value: R?) { set(key, value?.rawValue) }
    mutating func set(_ key: String, _ value: Int64?) { set(key, value.map(JSONValue.int)) }
    mutating func set(_ key: String, _ value: Bool?) { set(key, value.map(JSONValue.bool)) }

    var json: JSONValue { .object(fields) }
}

extension JSONValue {
    /// A string field as a typed identifier; absent when missing or not a string.
    func string<R: RawRepresentable<String>>(_ key: String, as _: R.Type) -> R? {
        self[key]?.stringValue.flatMap(R.init(rawValue:))
    }
}
