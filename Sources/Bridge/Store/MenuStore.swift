import Foundation
import GRDB

/// Option menus in SQLite: what `MenuRegistry` holds, written through, read back at start.
public struct MenuStore: Sendable {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    struct Stored: Sendable {
        var token: String
        var chat: ChatAddress
        var message: MessageID?
        var menu: OptionMenu
        var seeds: [MessageID]
    }

    func save(_ entry: Stored) async throws {
        let menu = String(decoding: try JSONEncoder().encode(entry.menu), as: UTF8.self)
        let seeds = String(decoding: try JSONEncoder().encode(entry.seeds.map(\.rawValue)), as: UTF8.self)
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO bridge_menu (token, chat, message, menu, seeds, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(token) DO UPDATE SET message = excluded.message, menu = excluded.menu, seeds = excluded.seeds,
                    expires_at = excluded.expires_at
                """, arguments: [entry.token, entry.chat.stored, entry.message?.rawValue, menu, seeds,
                                 entry.menu.expiresAt.timeIntervalSince1970])
        }
    }

    /// Every menu that expired after `since`, oldest first; rows that no longer read are skipped.
    func all(expiringAfter since: Date) async throws -> [Stored] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bridge_menu WHERE expires_at > ? ORDER BY expires_at",
                             arguments: [since.timeIntervalSince1970]).compactMap(Self.stored)
        }
    }

    func delete(expiredBefore horizon: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_menu WHERE expires_at < ?", arguments: [horizon.timeIntervalSince1970])
        }
    }

    private static func stored(_ row: Row) -> Stored? {
        let chatText: String = row["chat"]
        let menuText: String = row["menu"]
        let seedsText: String = row["seeds"]
        let messageText: String? = row["message"]
        let token: String = row["token"]
        guard let chat = ChatAddress(stored: chatText),
              let menu = try? JSONDecoder().decode(OptionMenu.self, from: Data(menuText.utf8)),
              let seeds = try? JSONDecoder().decode([String].self, from: Data(seedsText.utf8)) else { return nil }
        return Stored(token: token, chat: chat, message: messageText.map { MessageID($0) }, menu: menu, seeds: seeds.map { MessageID($0) })
    }
}
