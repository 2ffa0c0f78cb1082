/// A code block's language as a class name: letters, digits and `_+-#.` only, so it cannot leave the attribute.
enum CodeLanguage {
    static func sanitised(_ language: String?) -> String? {
        guard let language else { return nil }
        let kept = String(language.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "_+-#.".contains($0)) })
        return kept.isEmpty ? nil : kept
    }
}
