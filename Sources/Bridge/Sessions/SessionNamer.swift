/// Short names for side sessions, made from the prompt so they are easy to type after `@`:
/// "Refactor the login form please" → `refactor-login`.
enum SessionNamer {
    static let maxLength = 20
    private static let filler: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "with", "please", "can", "you", "could", "would",
        "me", "my", "i", "is", "it", "this", "that", "be", "do", "let", "lets", "let's",
    ]

    /// A lowercase `[a-z0-9-]` name not in `taken` (existing sessions) or `reserved` (agent names, which `@name`
    /// must keep reaching).
    static func name(for prompt: String, taken: Set<String>, reserved: Set<String>) -> String {
        let words = prompt.lowercased()
            .split { !($0.isASCII && ($0.isLetter || $0.isNumber)) && $0 != "'" }
            .map { $0.filter { $0 != "'" } }
            .filter { !$0.isEmpty && !filler.contains($0) }
        var base = ""
        for word in words.prefix(2) {
            let candidate = base.isEmpty ? word : base + "-" + word
            if candidate.count > maxLength { break }
            base = candidate
        }
        if base.isEmpty { base = "session" }
        base = String(base.prefix(maxLength))
        let unavailable = taken.union(reserved)
        if !unavailable.contains(base) { return base }
        var number = 2
        while unavailable.contains("\(base)-\(number)") { number += 1 }
        return "\(base)-\(number)"
    }
}
