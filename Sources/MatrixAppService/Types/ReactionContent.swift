/// `m.reaction` content: an annotation with `key` on `eventID`.
public struct ReactionContent: EventContent {
    public static let eventType = EventType.reaction

    public var relatesTo: RelatesTo?

    public init(to event: EventID, key: String) {
        relatesTo = .annotation(of: event, key: key)
    }

    public init(json: JSONValue) {
        relatesTo = json["m.relates_to"].flatMap(RelatesTo.init(json:))
    }

    /// The reacted-to event, when this is a well-formed annotation.
    public var target: EventID? { relatesTo?.relType == .annotation ? relatesTo?.eventID : nil }
    /// The emoji as sent. Clients differ on U+FE0F (🅰️ vs 🅰, 1️⃣ vs 1⃣): compare with `normalizedKey`.
    public var key: String? { relatesTo?.relType == .annotation ? relatesTo?.key : nil }
    /// `key` without variation selectors, so the same emoji from different clients compares equal.
    public var normalizedKey: String? { key.map(Self.normalize) }

    public static func normalize(_ key: String) -> String {
        String(String.UnicodeScalarView(key.unicodeScalars.filter { $0 != "\u{FE0F}" && $0 != "\u{FE0E}" }))
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("m.relates_to", relatesTo?.json)
        return object.json
    }
}
