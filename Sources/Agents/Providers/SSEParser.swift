/// Server-sent events, incrementally: bytes in, complete `data` payloads out.
/// Only `data:` fields matter for chat completions; comments and other fields are skipped.
struct SSEParser {
    private var line: [UInt8] = []
    private var data: [String] = []

    /// Feeds a chunk; returns the events it completed, in order.
    mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [String] where Bytes.Element == UInt8 {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                if let event = takeLine() { events.append(event) }
            } else {
                line.append(byte)
            }
        }
        return events
    }

    /// Flushes an event left without its blank line when the stream closed.
    mutating func finish() -> [String] {
        var events: [String] = []
        if !line.isEmpty, let event = takeLine() { events.append(event) }
        if !data.isEmpty { events.append(data.joined(separator: "\n")); data.removeAll() }
        return events
    }

    private mutating func takeLine() -> String? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard !data.isEmpty else { return nil }
            defer { data.removeAll() }
            return data.joined(separator: "\n")
        }
        guard line.starts(with: Array("data:".utf8)) else { return nil }
        var value = line.dropFirst(5)
        if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        data.append(String(decoding: value, as: UTF8.self))
        return nil
    }
}
