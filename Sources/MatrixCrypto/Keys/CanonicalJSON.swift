import Foundation
import MatrixAppService

/// Matrix canonical JSON (spec appendix "Canonical JSON"): the bytes that get signed.
///
/// - object keys sorted by Unicode code point — comparing the keys' UTF-8 bytes gives exactly that order
///   (Swift's `String <` does not: it compares by canonical equivalence, and UTF-16 order differs above U+FFFF);
/// - no whitespace;
/// - integers only, in [-(2^53)+1, 2^53-1]; a `.double` is accepted only when it is integral and in range
///   (`-0.0` and `1e10` from a float-happy parser become `0` and `10000000000`);
/// - strings as raw UTF-8; only `"`, `\` and U+0000–U+001F are escaped, with the short forms `\b \f \n \r \t`
///   and lowercase `\u00XX` otherwise (the spec grammar's `u000X`/`u001X` with hex `a`–`f`); `/` and DEL are not.
///
/// `JSONEncoder` with `.sortedKeys` is not canonical (key order, `\/`, floats), hence this encoder.
public enum CanonicalJSON {
    public static let maxSafeInteger: Int64 = 9_007_199_254_740_991  // 2^53 - 1

    /// The canonical encoding of `value`.
    public static func encode(_ value: JSONValue) throws -> Data {
        var output = [UInt8]()
        output.reserveCapacity(256)
        try write(value, into: &output, path: "$")
        return Data(output)
    }

    /// The canonical encoding as a string (it is always valid UTF-8).
    public static func string(_ value: JSONValue) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], path: String) throws {
        switch value {
        case .null: output.append(contentsOf: Array("null".utf8))
        case .bool(let flag): output.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .int(let number):
            // A range check, not abs(): abs(Int64.min) would trap.
            guard (-maxSafeInteger...maxSafeInteger).contains(number) else {
                throw CanonicalJSONError.integerOutOfRange(path: path)
            }
            output.append(contentsOf: Array(String(number).utf8))
        case .double(let number):
            guard number.isFinite, number.rounded(.towardZero) == number else {
                throw CanonicalJSONError.notAnInteger(path: path)
            }
            guard abs(number) <= Double(maxSafeInteger) else { throw CanonicalJSONError.integerOutOfRange(path: path) }
            // Int64(-0.0) is 0: negative zero never appears.
            output.append(contentsOf: Array(String(Int64(number)).utf8))
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try write(element, into: &output, path: "\(path)[\(index)]")
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                try write(members[key]!, into: &output, path: "\(path).\(key)")
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Working on UTF-8 bytes is safe: every byte of a multi-byte sequence is ≥ 0x80, so none of them can
        // be mistaken for a character that needs escaping.
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x00..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// Why a value has no canonical encoding. `path` points at the offending value (`$.a[2].b`).
public enum CanonicalJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A number with a fraction (or NaN/infinity): canonical JSON has integers only.
    case notAnInteger(path: String)
    /// An integer outside [-(2^53)+1, 2^53-1].
    case integerOutOfRange(path: String)

    public var description: String {
        switch self {
        case .notAnInteger(let path): "canonical JSON allows integers only, not the number at \(path)"
        case .integerOutOfRange(let path): "the integer at \(path) is outside ±(2^53−1)"
        }
    }
}
