import Foundation

/// A GFM table as monospaced text (Telegram has no tables): columns padded to their widest cell, aligned
/// as the table asks, with a rule under the header.
enum TableText {
    static func monospaced(_ table: MarkdownTable) -> String {
        let rows = ([table.header] + table.rows).map { row in row.map { cell in cell.plainText.replacingOccurrences(of: "\n", with: " ") } }
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ row: [String]) -> String {
            (0..<columns).map { column in
                let cell = column < row.count ? row[column] : ""
                let alignment = column < table.alignments.count ? table.alignments[column] : .none
                return pad(cell, to: widths[column], alignment)
            }.joined(separator: " | ").trimmingTrailingSpaces()
        }
        var lines = [line(rows[0])]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-"))
        lines += rows.dropFirst().map(line)
        return lines.joined(separator: "\n")
    }

    private static func pad(_ cell: String, to width: Int, _ alignment: MarkdownTable.Alignment) -> String {
        let room = max(0, width - cell.count)
        switch alignment {
        case .right: return String(repeating: " ", count: room) + cell
        case .center: return String(repeating: " ", count: room / 2) + cell + String(repeating: " ", count: room - room / 2)
        case .left, .none: return cell + String(repeating: " ", count: room)
        }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
