/// The `rel_type` of an `m.relates_to`. Replies are not a relation type: they use `m.in_reply_to`.
public struct RelationType: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }

    /// A reaction's key on an event.
    public static let annotation: RelationType = "m.annotation"
    /// An edit.
    public static let replace: RelationType = "m.replace"
    public static let thread: RelationType = "m.thread"
    public static let reference: RelationType = "m.reference"
}
