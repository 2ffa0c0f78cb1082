/// What is said about a key nobody reads: the closest known key when it looks like a typo of one
/// (`unknown key; did you mean allow?`), else the keys that are known there.
public enum UnknownKeyProblem {
    public static func describe(_ key: String, known: some Collection<String>) -> String {
        if let closest = closest(to: key, in: known) { return "unknown key; did you mean \(closest)?" }
        return "unknown key (known: \(known.sorted().joined(separator: ", ")))"
    }

    /// The known key within a small edit distance (a third of its length, at least 2), nearest first.
    public static func closest(to key: String, in known: some Collection<String>) -> String? {
        let lowered = key.lowercased().replacingOccurrences(of: "-", with: "_")
        let scored = known.map { ($0, distance(lowered, $0)) }.filter { $0.1 <= max(2, $0.0.count / 3) }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
