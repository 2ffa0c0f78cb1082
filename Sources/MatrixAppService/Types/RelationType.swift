/// The `rel_type` of an `m.relates_to`. Replies are not a relation type: they use `m.in_reply_to`.
public struct RelationType: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// A reaction's key on an event.
    public static let annotation: RelationType = "m.annotation"
    /// An edit.
    public static let replace: RelationType = "m.replace"
    public static let thread: RelationType = "m.thread"
    public static let reference: RelationType = "m.reference"
}
