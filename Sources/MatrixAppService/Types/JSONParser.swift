import Foundation

/// Parses JSON bytes straight into `JSONValue`.
///
/// The transaction endpoint parses every body before acknowledging it; decoding `JSONValue` through
/// `JSONDecoder` costs a thrown error per value (it tries each type in turn) and was most of the CPU on
/// that path. This parser reads the bytes once. It is strict about the grammar (control characters in
/// strings, trailing garbage) and keeps integers apart from floats.
///
/// Depth: values are built (recursively) only down to `maxDepth` nested containers, so every walk over a
/// `JSONValue` it returns — `==`, `hash`, `Codable`, `description`, deallocation — is bounded too. A
/// deeper container is either refused (`parse`) or checked by an iterative scanner that builds nothing
/// and replaced by `null` (`parseEliding`), so a body nested a million levels deep costs neither stack
/// nor a rejected homeserver transaction.
public struct JSONParser {
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at byte \(offset)" }
    }

    /// Containers nested deeper than this are not built. Synapse refuses client events nested deeper
    /// than about 128 levels; a transaction adds three (body → `events` → event), so every event Synapse
    /// accepts fits with room to spare.
    public static let maxDepth = 256

    /// One component of the path to a value: an object key or an array index.
    public enum PathComponent: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// A container deeper than `maxDepth` that `parseEliding` replaced by `null`.
    public struct Elision: Sendable, Hashable {
        /// Where it sits, as its first `trackedPathDepth` path components (e.g. `events`, `3`): enough
        /// to tell which item of a transaction it belongs to.
        public var path: [PathComponent]
        /// Byte offset of the container's opening bracket.
        public var offset: Int
    }

    /// How many leading path components an `Elision` records.
    public static let trackedPathDepth = 2

    /// Parses a complete JSON text; a container nested deeper than `maxDepth` is an error.
    public static func parse(_ data: Data) throws(Error) -> JSONValue {
        try run(data, elide: false).value
    }

    /// Parses a complete JSON text, replacing every container nested deeper than `maxDepth` by `null`
    /// (after checking that it is well-formed JSON) and reporting where.
    public static func parseEliding(_ data: Data) throws(Error) -> (value: JSONValue, elisions: [Elision]) {
        try run(data, elide: true)
    }

    private static func run(_ data: Data, elide: Bool) throws(Error) -> (value: JSONValue, elisions: [Elision]) {
        let result: Result<(JSONValue, [Elision]), Error> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var parser = JSONParser(bytes: bytes, elide: elide)
            do throws(Error) {
                parser.skipWhitespace()
                let value = try parser.value(depth: 0)
                parser.skipWhitespace()
                guard parser.index == bytes.count else { throw parser.error("unexpected data after the JSON value") }
                return .success((value, parser.elisions))
            } catch {
                return .failure(error)
            }
        }
        let (value, elisions) = try result.get()
        return (value, elisions)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let elide: Bool
    private var elisions: [Elision] = []
    /// The path to the current value, its first `trackedPathDepth` components only.
    private var path: [PathComponent] = []

    private init(bytes: UnsafeBufferPointer<UInt8>, elide: Bool) {
        self.bytes = bytes
        self.elide = elide
    }

    private func error(_ message: String) -> Error { Error(message: message, offset: index) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(Error) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(Error) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    /// Past `maxDepth`: refuse, or check the container without building it and stand `null` in for it.
    private mutating func tooDeep() throws(Error) -> JSONValue {
        guard elide else { throw error("nesting too deep") }
        let start = index
        try skipContainer()
        elisions.append(Elision(path: path, offset: start))
        return .null
    }

    private mutating func object(depth: Int) throws(Error) -> JSONValue {
        guard depth <= Self.maxDepth else { return try tooDeep() }
        index += 1
        let tracked = depth <= Self.trackedPathDepth
        if tracked { path.append(.key("")) }
        defer { if tracked { path.removeLast() } }
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            if tracked { path[path.count - 1] = .key(key) }
            object[key] = try value(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(Error) -> JSONValue {
        guard depth <= Self.maxDepth else { return try tooDeep() }
        index += 1
        let tracked = depth <= Self.trackedPathDepth
        if tracked { path.append(.index(0)) }
        defer { if tracked { path.removeLast() } }
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            if tracked { path[path.count - 1] = .index(array.count) }
            array.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(array)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func string() throws(Error) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in string") }
            index += 1
        }
        var scalars = Array(UnsafeBufferPointer(rebasing: bytes[start..<min(index, bytes.count)]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    UTF8.encode(try unicodeEscape()) { scalars.append($0) }
                default:
                    throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in string") }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// The character of a `\u` escape (the `\u` already read), joining a surrogate pair. JSON's grammar
    /// allows a lone surrogate, and a homeserver may relay one, so it becomes U+FFFD instead of failing
    /// the whole document.
    private mutating func unicodeEscape() throws(Error) -> Unicode.Scalar {
        let replacement = Unicode.Scalar(0xFFFD as UInt32)!
        let code = try hex4()
        if (0xDC00...0xDFFF).contains(code) { return replacement }
        guard (0xD800...0xDBFF).contains(code) else { return Unicode.Scalar(code) ?? replacement }
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            return replacement
        }
        let next = index
        index += 2
        let low = try hex4()
        guard (0xDC00...0xDFFF).contains(low) else {
            // Not a pair: the next escape stands on its own.
            index = next
            return replacement
        }
        return Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)) ?? replacement
    }

    /// Checks the container that starts at `index` and moves past it without building anything. It keeps
    /// an explicit stack of the open brackets instead of recursing, so any depth costs one byte a level.
    private mutating func skipContainer() throws(Error) {
        enum Expect { case value, valueOrClose, key, keyOrClose, commaOrClose }
        var open: [UInt8] = []
        var expect = Expect.value
        func close(_ parser: inout JSONParser) -> Bool {
            parser.index += 1
            open.removeLast()
            expect = .commaOrClose
            return open.isEmpty
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            let byte = bytes[index]
            switch expect {
            case .value, .valueOrClose:
                if expect == .valueOrClose, byte == UInt8(ascii: "]") {
                    if close(&self) { return }
                    continue
                }
                switch byte {
                case UInt8(ascii: "{"):
                    open.append(byte)
                    index += 1
                    expect = .keyOrClose
                case UInt8(ascii: "["):
                    open.append(byte)
                    index += 1
                    expect = .valueOrClose
                default:
                    _ = try value(depth: 0)
                    expect = .commaOrClose
                }
            case .key, .keyOrClose:
                if expect == .keyOrClose, byte == UInt8(ascii: "}") {
                    if close(&self) { return }
                    continue
                }
                guard byte == UInt8(ascii: "\"") else { throw error("expected a key") }
                _ = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                expect = .value
            case .commaOrClose:
                guard let top = open.last else { return }
                let closing = top == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if byte == UInt8(ascii: ",") {
                    index += 1
                    expect = top == UInt8(ascii: "{") ? .key : .value
                } else if byte == closing {
                    if close(&self) { return }
                } else {
                    throw error(top == UInt8(ascii: "{") ? "expected ',' or '}'" : "expected ',' or ']'")
                }
            }
        }
    }

    private mutating func hex4() throws(Error) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func number() throws(Error) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw error("invalid number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { throw error("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > digits else { throw error("invalid number") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .int(integer) }
        guard let double = Double(text) else { throw error("invalid number") }
        return .double(double)
    }
}
