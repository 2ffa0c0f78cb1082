import Foundation
import GRDB

/// What the Telegram transport keeps across restarts: per bot, the last update it processed (so
/// polling resumes after it, neither losing nor repeating updates); per chat, the agent it talks to
/// and its Matrix portal room.
public protocol TelegramStore: Sendable {
    func lastUpdateID(bot: String) async throws -> Int64?
    /// Never moves backwards, so a late write from an older batch cannot replay updates.
    func setLastUpdateID(_ id: Int64, bot: String) async throws
    func agent(ofChat chat: String) async throws -> String?
    func setAgent(_ agent: String, ofChat chat: String) async throws
    /// Every chat switched to an agent, as (chat key, agent), by chat key (bytewise).
    func chatAgents() async throws -> [(String, String)]
    func portal(ofChat chat: String) async throws -> String?
    func setPortal(_ room: String, ofChat chat: String) async throws
    /// Supergroups Telegram made out of allowed groups (the old id stops working when a group is upgraded).
    func upgradedGroups() async throws -> Set<Int64>
    /// The first record of a supergroup stays.
    func addUpgradedGroup(_ chat: Int64, from old: Int64) async throws
}

public struct SQLiteTelegramStore: TelegramStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func lastUpdateID(bot: String) async throws -> Int64? {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT update_id FROM bridge_telegram_offset WHERE bot = ?", arguments: [bot])
        }
    }

    public func setLastUpdateID(_ id: Int64, bot: String) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO bridge_telegram_offset (bot, update_id) VALUES (?, ?)
                ON CONFLICT(bot) DO UPDATE SET update_id = max(update_id, excluded.update_id)
                """, arguments: [bot, id])
        }
    }

    public func agent(ofChat chat: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT agent FROM bridge_telegram_chat_agent WHERE chat = ?", arguments: [chat])
        }
    }

    public func setAgent(_ agent: String, ofChat chat: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO bridge_telegram_chat_agent (chat, agent, updated_at) VALUES (?, ?, ?)",
                           arguments: [chat, agent, now])
        }
    }
}

extension SQLiteTelegramStore {
    public func chatAgents() async throws -> [(String, String)] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT chat, agent FROM bridge_telegram_chat_agent ORDER BY chat").map { ($0["chat"], $0["agent"]) }
        }
    }
}

extension SQLiteTelegramStore {
    public func portal(ofChat chat: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT room_id FROM bridge_telegram_portal WHERE chat = ?", arguments: [chat])
        }
    }

    public func setPortal(_ room: String, ofChat chat: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO bridge_telegram_portal (chat, room_id, created_at) VALUES (?, ?, ?)",
                           arguments: [chat, room, now])
        }
    }
}

extension SQLiteTelegramStore {
    public func upgradedGroups() async throws -> Set<Int64> {
        try await writer.read { db in Set(try Int64.fetchAll(db, sql: "SELECT chat_id FROM bridge_telegram_upgraded_group")) }
    }

    public func addUpgradedGroup(_ chat: Int64, from old: Int64) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO bridge_telegram_upgraded_group (chat_id, from_chat_id, created_at) VALUES (?, ?, ?)",
                           arguments: [chat, old, now])
        }
    }
}
