import Foundation
import GRDB

/// A menu as `MenuRegistry` keeps it: written through, read back at start.
public struct StoredMenu: Sendable, Equatable {
    public var token: String
    public var chat: ChatAddress
    public var message: MessageID?
    public var menu: OptionMenu
    public var seeds: [MessageID]

    public init(token: String, chat: ChatAddress, message: MessageID?, menu: OptionMenu, seeds: [MessageID]) {
        self.token = token
        self.chat = chat
        self.message = message
        self.menu = menu
        self.seeds = seeds
    }
}

/// Option menus (`bridge_menu`), so a tap on an open menu still works after a restart.
public protocol MenuStore: Sendable {
    /// Stores the menu, or updates its message, menu, seeds and expiry (its chat stays).
    func save(_ entry: StoredMenu) async throws
    /// Every menu that expires after `since`, soonest first; rows that no longer read are skipped.
    func all(expiringAfter since: Date) async throws -> [StoredMenu]
    func delete(expiredBefore horizon: Date) async throws
}

/// The columns both drivers write: the menu and its seeds as JSON text.
extension StoredMenu {
    func encodedMenu() throws -> String { String(decoding: try JSONEncoder().encode(menu), as: UTF8.self) }
    func encodedSeeds() throws -> String { String(decoding: try JSONEncoder().encode(seeds.map(\.rawValue)), as: UTF8.self) }

    /// A stored row; nil when its chat, menu or seeds no longer read.
    static func decoded(token: String, chat: String, message: String?, menu: String, seeds: String) -> StoredMenu? {
        guard let chat = ChatAddress(stored: chat),
              let menu = try? JSONDecoder().decode(OptionMenu.self, from: Data(menu.utf8)),
              let seeds = try? JSONDecoder().decode([String].self, from: Data(seeds.utf8)) else { return nil }
        return StoredMenu(token: token, chat: chat, message: message.map { MessageID($0) }, menu: menu, seeds: seeds.map { MessageID($0) })
    }
}

public struct SQLiteMenuStore: MenuStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func save(_ entry: StoredMenu) async throws {
        let menu = try entry.encodedMenu(), seeds = try entry.encodedSeeds()
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO bridge_menu (token, chat, message, menu, seeds, expires_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(token) DO UPDATE SET message = excluded.message, menu = excluded.menu, seeds = excluded.seeds,
                    expires_at = excluded.expires_at
                """, arguments: [entry.token, entry.chat.stored, entry.message?.rawValue, menu, seeds,
                                 entry.menu.expiresAt.timeIntervalSince1970])
        }
    }

    public func all(expiringAfter since: Date) async throws -> [StoredMenu] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bridge_menu WHERE expires_at > ? ORDER BY expires_at",
                             arguments: [since.timeIntervalSince1970]).compactMap {
                StoredMenu.decoded(token: $0["token"], chat: $0["chat"], message: $0["message"], menu: $0["menu"], seeds: $0["seeds"])
            }
        }
    }

    public func delete(expiredBefore horizon: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_menu WHERE expires_at < ?", arguments: [horizon.timeIntervalSince1970])
        }
    }
}
