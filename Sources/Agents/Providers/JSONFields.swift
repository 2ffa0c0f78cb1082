import Foundation

/// Tolerant field access over `JSONSerialization` output: the tools add and
/// rename fields between releases, so a missing or mistyped field reads as nil
/// instead of failing the whole line.
typealias JSONObject = [String: Any]

enum JSONFields {
    static func object(_ line: String) -> JSONObject? {
        guard let first = line.utf8.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
              first == UInt8(ascii: "{") else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? JSONObject
    }

    static func int(_ value: Any?) -> Int? {
        switch value {
        case let v as Int: v
        // `Int(_:)` traps outside Int's range: a tool printing `1e300` must not crash the process.
        case let v as Double: v.isFinite && abs(v) < 9.2e18 ? Int(v) : nil
        case let v as NSNumber: v.intValue
        default: nil
        }
    }

    static func double(_ value: Any?) -> Double? {
        switch value {
        case let v as Double: v
        case let v as Int: Double(v)
        case let v as NSNumber: v.doubleValue
        default: nil
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func object(_ key: String) -> JSONObject? { self[key] as? JSONObject }
    func array(_ key: String) -> [Any]? { self[key] as? [Any] }
    func int(_ key: String) -> Int? { JSONFields.int(self[key]) }
    func double(_ key: String) -> Double? { JSONFields.double(self[key]) }
    func bool(_ key: String) -> Bool? {
        if let b = self[key] as? Bool { return b }
        return (self[key] as? NSNumber).map(\.boolValue)
    }
}
