/// The shipped catalogs, one file each (`Catalogs/Catalog+xx.swift`). English is the reference: every other catalog
/// has exactly its keys, with the same placeholders (CatalogTests checks).
enum Catalog {
    static func phrases(for language: Language) -> [TextKey: Phrase] {
        switch language {
        case .en: en
        case .de: de
        case .fr: fr
        case .es: es
        case .nl: nl
        case .ru: ru
        case .pt: pt
        }
    }
}
