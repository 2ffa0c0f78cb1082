/// Which link targets become links; anything else (`javascript:`, `data:`, relative paths) stays text.
enum LinkTarget {
    static let matrixSchemes: Set<String> = ["http", "https", "mailto", "matrix", "mxc", "tg"]
    static let telegramSchemes: Set<String> = ["http", "https", "tg", "mailto"]

    static func isSafe(_ href: String, schemes: Set<String>) -> Bool {
        guard let colon = href.firstIndex(of: ":") else { return false }
        return schemes.contains(href[..<colon].lowercased())
    }
}
