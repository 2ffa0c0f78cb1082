import Foundation

/// Agent output may offer choices as `[button:Label]` markers. They are cut out of the text and become
/// options; picking one sends the label back to the agent as the user's next message.
public enum ButtonMarkers {
    public struct Extracted: Sendable, Equatable {
        public var text: String
        public var labels: [String]
    }

    public static func extract(from text: String) -> Extracted {
        var labels: [String] = []
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "[button:") {
            guard let close = rest[open.upperBound...].firstIndex(of: "]") else { break }
            let label = rest[open.upperBound..<close].trimmingCharacters(in: .whitespaces)
            output += rest[..<open.lowerBound]
            if !label.isEmpty && !labels.contains(label) { labels.append(label) }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        // Markers usually stand on lines of their own; drop the blank lines they leave behind.
        let lines = output.components(separatedBy: "\n")
        var kept: [String] = []
        for line in lines {
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            if blank && (kept.last.map { $0.trimmingCharacters(in: .whitespaces).isEmpty } ?? true) { continue }
            kept.append(blank ? "" : line.replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression))
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        return Extracted(text: kept.joined(separator: "\n"), labels: labels)
    }
}
