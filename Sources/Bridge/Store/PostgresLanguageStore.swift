import Foundation
import PostgresNIO
import TroupePostgres

/// `LanguageStore` on PostgreSQL.
public struct PostgresLanguageStore: LanguageStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func language(ofChat chat: String) async throws -> Language? {
        (try await database.rows("SELECT language FROM bridge_language WHERE chat = \(chat)").first?.decode(String.self))
            .flatMap(Language.init(rawValue:))
    }

    public func setLanguage(_ language: Language?, ofChat chat: String) async throws {
        let now = Date().timeIntervalSince1970
        if let language {
            try await database.execute("""
                INSERT INTO bridge_language (chat, language, updated_at) VALUES (\(chat), \(language.rawValue), \(now))
                ON CONFLICT (chat) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at
                """)
        } else {
            try await database.execute("DELETE FROM bridge_language WHERE chat = \(chat)")
        }
    }
}
