import Foundation
import Logging

/// `logging.format: json`: one JSON object per line on stderr, for log shippers. The fields are stable: `time`
/// (ISO 8601, UTC, milliseconds), `level`, `message`, `label`, `source` (the module), and the metadata under its
/// own names (`room_id`, `event_id`, `agent`, `run_id`, `txn_id`, `transport`, `error`, …).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [:]
        let merged = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        for (key, value) in merged { fields[key] = Self.json(value) }
        if let error = event.error, fields["error"] == nil { fields["error"] = "\(error)" }
        // The fixed fields win over metadata of the same name.
        fields["time"] = Self.timestamp(Date())
        fields["level"] = event.level.rawValue
        fields["message"] = event.message.description
        fields["label"] = label
        fields["source"] = event.source
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            write("{\"level\":\"error\",\"message\":\"a log line could not be written as JSON\",\"label\":\"\(label)\"}\n")
            return
        }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let entries): entries.mapValues(json)
        }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// One write(2) per line, so lines from different threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data(line.utf8)) }
}
