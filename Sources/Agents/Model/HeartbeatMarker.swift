import Foundation

/// What an agent answers a heartbeat with when there is nothing worth saying: the bridge then posts nothing,
/// since a heartbeat that talks every half hour is noise. The agents' instructions name it.
public enum HeartbeatMarker {
    public static let nothingToReport = "NOTHING_TO_REPORT"

    /// The whole answer is the marker, give or take whitespace, code ticks and a full stop.
    public static func isNothingToReport(_ answer: String) -> Bool {
        answer.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "`*_.")))
            == nothingToReport
    }
}
