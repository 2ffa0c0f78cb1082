import Foundation
import GRDB

/// Each chat's `!language` override (`bridge_language`), by the chat's stored address.
public protocol LanguageStore: Sendable {
    /// The chat's override; nil when it has none, or when its code is one this build no longer ships.
    func language(ofChat chat: String) async throws -> Language?
    /// Nil removes the override.
    func setLanguage(_ language: Language?, ofChat chat: String) async throws
}

public struct SQLiteLanguageStore: LanguageStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func language(ofChat chat: String) async throws -> Language? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT language FROM bridge_language WHERE chat = ?", arguments: [chat])
        }.flatMap(Language.init(rawValue:))
    }

    public func setLanguage(_ language: Language?, ofChat chat: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            if let language {
                try db.execute(sql: "INSERT OR REPLACE INTO bridge_language (chat, language, updated_at) VALUES (?, ?, ?)",
                               arguments: [chat, language.rawValue, now])
            } else {
                try db.execute(sql: "DELETE FROM bridge_language WHERE chat = ?", arguments: [chat])
            }
        }
    }
}
