import Foundation
import GRDB

/// A side conversation in a chat (`!session`): its own context with one agent, addressed as `@name`.
public struct NamedSession: Sendable, Equatable {
    public var chat: String
    public var name: String
    public var agent: String
    public var createdAt: Date

    /// The runtime's chat key for it: a conversation (and provider session) of its own.
    public var runtimeChat: String { ChatAddress.session(ChatAddress(stored: chat) ?? .unknown(chat), name: name).stored }

    /// Named sessions one chat may have; starting another ends the oldest.
    public static let maxPerChat = 20
}

/// Named sessions per chat (`bridge_named_session`), stored so they survive restarts (the provider sessions
/// behind them do too).
public protocol NamedSessionStore: Sendable {
    /// Throws when the chat has a session of that name already.
    func create(_ session: NamedSession) async throws
    /// The chat's sessions, oldest first.
    func sessions(in chat: String) async throws -> [NamedSession]
    /// Ends one session; false when there was none of that name.
    @discardableResult
    func end(in chat: String, named name: String) async throws -> Bool
}

public struct SQLiteNamedSessionStore: NamedSessionStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func create(_ session: NamedSession) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO bridge_named_session (chat, name, agent, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [session.chat, session.name, session.agent, session.createdAt.timeIntervalSince1970])
        }
    }

    public func sessions(in chat: String) async throws -> [NamedSession] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, agent, created_at FROM bridge_named_session WHERE chat = ? ORDER BY created_at",
                             arguments: [chat])
                .map { NamedSession(chat: chat, name: $0["name"], agent: $0["agent"], createdAt: Date(timeIntervalSince1970: $0["created_at"])) }
        }
    }

    @discardableResult
    public func end(in chat: String, named name: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_named_session WHERE chat = ? AND name = ?", arguments: [chat, name.lowercased()])
            return db.changesCount > 0
        }
    }
}

extension NamedSessionStore {
    public func session(in chat: String, named name: String) async throws -> NamedSession? {
        try await sessions(in: chat).first { $0.name == name.lowercased() }
    }

    /// The session a message continues (`@name TEXT`, the name of a session of that chat) and the text for it.
    func message(_ body: String, in chat: String) async throws -> (NamedSession, String)? {
        guard let (name, text) = AtName.split(body), let session = try await session(in: chat, named: name) else { return nil }
        return text.isEmpty ? nil : (session, text)
    }
}
