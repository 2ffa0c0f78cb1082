/// A message as its messenger knows it: a Matrix event id, a Telegram message id. Menus, pending questions and
/// replies find messages by it; only the transport that made one reads what is inside.
public struct MessageID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}
