import Foundation
import PostgresNIO
import TroupePostgres

/// `TelegramStore` on PostgreSQL.
public struct PostgresTelegramStore: TelegramStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func lastUpdateID(bot: String) async throws -> Int64? {
        try await database.rows("SELECT update_id FROM bridge_telegram_offset WHERE bot = \(bot)").first?.decode(Int64.self)
    }

    public func setLastUpdateID(_ id: Int64, bot: String) async throws {
        try await database.execute("""
            INSERT INTO bridge_telegram_offset (bot, update_id) VALUES (\(bot), \(id))
            ON CONFLICT (bot) DO UPDATE SET update_id = GREATEST(bridge_telegram_offset.update_id, excluded.update_id)
            """)
    }

    public func agent(ofChat chat: String) async throws -> String? {
        try await database.rows("SELECT agent FROM bridge_telegram_chat_agent WHERE chat = \(chat)").first?.decode(String.self)
    }

    public func setAgent(_ agent: String, ofChat chat: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO bridge_telegram_chat_agent (chat, agent, updated_at) VALUES (\(chat), \(agent), \(now))
            ON CONFLICT (chat) DO UPDATE SET agent = excluded.agent, updated_at = excluded.updated_at
            """)
    }

    public func chatAgents() async throws -> [(String, String)] {
        try await database.rows("SELECT chat, agent FROM bridge_telegram_chat_agent ORDER BY chat COLLATE \"C\"").map {
            try $0.decode((String, String).self)
        }
    }

    public func portal(ofChat chat: String) async throws -> String? {
        try await database.rows("SELECT room_id FROM bridge_telegram_portal WHERE chat = \(chat)").first?.decode(String.self)
    }

    public func setPortal(_ room: String, ofChat chat: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO bridge_telegram_portal (chat, room_id, created_at) VALUES (\(chat), \(room), \(now))
            ON CONFLICT (chat) DO UPDATE SET room_id = excluded.room_id, created_at = excluded.created_at
            """)
    }

    public func upgradedGroups() async throws -> Set<Int64> {
        Set(try await database.rows("SELECT chat_id FROM bridge_telegram_upgraded_group").map { try $0.decode(Int64.self) })
    }

    public func addUpgradedGroup(_ chat: Int64, from old: Int64) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO bridge_telegram_upgraded_group (chat_id, from_chat_id, created_at) VALUES (\(chat), \(old), \(now))
            ON CONFLICT (chat_id) DO NOTHING
            """)
    }
}
