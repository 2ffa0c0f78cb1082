import Foundation
import PostgresNIO
import TroupePostgres

/// `MenuStore` on PostgreSQL.
public struct PostgresMenuStore: MenuStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func save(_ entry: StoredMenu) async throws {
        let menu = try entry.encodedMenu(), seeds = try entry.encodedSeeds()
        try await database.execute("""
            INSERT INTO bridge_menu (token, chat, message, menu, seeds, expires_at)
            VALUES (\(entry.token), \(entry.chat.stored), \(entry.message?.rawValue), \(menu), \(seeds), \(entry.menu.expiresAt.timeIntervalSince1970))
            ON CONFLICT (token) DO UPDATE SET message = excluded.message, menu = excluded.menu, seeds = excluded.seeds,
                expires_at = excluded.expires_at
            """)
    }

    public func all(expiringAfter since: Date) async throws -> [StoredMenu] {
        try await database.rows("""
            SELECT token, chat, message, menu, seeds FROM bridge_menu WHERE expires_at > \(since.timeIntervalSince1970) ORDER BY expires_at
            """).compactMap { row in
            let (token, chat, message, menu, seeds) = try row.decode((String, String, String?, String, String).self)
            return StoredMenu.decoded(token: token, chat: chat, message: message, menu: menu, seeds: seeds)
        }
    }

    public func delete(expiredBefore horizon: Date) async throws {
        try await database.execute("DELETE FROM bridge_menu WHERE expires_at < \(horizon.timeIntervalSince1970)")
    }
}
