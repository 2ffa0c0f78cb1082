/// Coding key for any string, used to notice keys a section does not read, so a
/// typo such as `reasoning-effort` is reported instead of silently ignored.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Keys present in this mapping that are not in `known`, sorted for stable messages.
    func unknownKeys<Keys: CodingKey & CaseIterable>(besides known: Keys.Type) -> [String] {
        guard let container = try? container(keyedBy: AnyCodingKey.self) else { return [] }
        let knownNames = Set(Keys.allCases.map(\.stringValue))
        return container.allKeys.map(\.stringValue).filter { !knownNames.contains($0) }.sorted()
    }
}
