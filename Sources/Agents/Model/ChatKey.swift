/// Names the chat a conversation belongs to. The transport makes it (e.g.
/// `matrix:!room:server`); the agent side only compares and stores it, never parses it.
public struct ChatKey: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// Identifies one submitted turn, across the queue, the in-flight table and recovery.
public struct TurnID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    static func make() -> TurnID { TurnID(rawValue: UUID().uuidString.lowercased()) }
    public var description: String { rawValue }
}

/// Which conversation: one per (agent, chat).
struct ConversationKey: Hashable, Sendable {
    let agent: String
    let chat: ChatKey
}

import Foundation
