import Agents
import Foundation

/// What an automated turn stores as its origin, so a restart can take it up as what it was: with its label, and
/// (a heartbeat's) held until it reports something. `auto:<id>:<q|l>:<label>`.
struct AutomatedOrigin: Equatable {
    var id: String
    var quietUnlessReported: Bool
    var label: String

    static let prefix = "auto:"

    init(id: String = UUID().uuidString, quietUnlessReported: Bool, label: String) {
        self.id = id
        self.quietUnlessReported = quietUnlessReported
        self.label = label
    }

    init?(_ origin: TurnOrigin) {
        guard origin.key.hasPrefix(Self.prefix) else { return nil }
        let parts = origin.key.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, ["q", "l"].contains(parts[1]) else { return nil }
        id = String(parts[0])
        quietUnlessReported = parts[1] == "q"
        label = String(parts[2])
    }

    var origin: TurnOrigin { TurnOrigin(key: "\(Self.prefix)\(id):\(quietUnlessReported ? "q" : "l"):\(label)") }
}

extension AutomatedTurn {
    /// The label is stored in the chat's language as it was when the turn started, so a restart shows the same one.
    func storedOrigin(_ text: Localizer) -> AutomatedOrigin {
        AutomatedOrigin(quietUnlessReported: quietUnlessReported, label: text.automatedLabel(source))
    }
}
