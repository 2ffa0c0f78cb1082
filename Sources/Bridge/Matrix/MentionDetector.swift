import Foundation
import MatrixAppService

/// Decides whether a message in a group room addresses one agent user, accepting every form clients
/// actually send: intentional mentions (`m.mentions`), an HTML pill linking to matrix.to, the user id in
/// the plain body, or the display name in the plain body (what Element's body holds for a pill).
public struct MentionDetector: Sendable {
    public var user: UserID
    public var displayname: String?

    public init(user: UserID, displayname: String?) {
        self.user = user
        self.displayname = displayname
    }

    public func isMentioned(in content: JSONValue) -> Bool {
        isMentioned(in: MessageContent(json: content))
    }

    public func isMentioned(in content: MessageContent) -> Bool {
        if content.mentions?.userIDs.contains(user) == true { return true }
        if let html = content.formattedBody, Self.pillTargets(in: html).contains(user.rawValue) {
            return true
        }
        let body = content.body
        if body.isEmpty { return false }
        if body.range(of: user.rawValue, options: .caseInsensitive) != nil { return true }
        if let displayname, !displayname.isEmpty, Self.containsWord(displayname, in: body) { return true }
        return false
    }

    /// The user ids that `<a href="https://matrix.to/#/…">` links in the HTML point at.
    static func pillTargets(in html: String) -> Set<String> {
        var targets = Set<String>()
        var rest = html[...]
        while let marker = rest.range(of: "matrix.to/#/") {
            let tail = rest[marker.upperBound...]
            let end = tail.firstIndex { $0 == "\"" || $0 == "'" || $0 == "?" || $0 == ">" || $0 == " " } ?? tail.endIndex
            let raw = String(tail[..<end])
            targets.insert(raw.removingPercentEncoding ?? raw)
            rest = tail[end...]
        }
        return targets
    }

    /// A name counts when it stands as a word: "Coder: fix it", "hey @coder," — not "encoder".
    static func containsWord(_ word: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: word, options: [.caseInsensitive], range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !isWordCharacter(before) && !isWordCharacter(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_"
    }
}
