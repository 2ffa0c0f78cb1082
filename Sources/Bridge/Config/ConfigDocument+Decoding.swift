import Foundation
import Yams

extension ConfigDocument {
    /// Decodes `T` from the tree. A Decodable stops at its first type error, so each value of the wrong type is
    /// noted and taken out and decoding starts again, until the rest decodes: one run reports every type error.
    /// A removed value falls back to its default, which later checks must not report a second time.
    func decodeCollectingTypeErrors<T: Decodable>(_ type: T.Type) -> (T?, [ConfigError]) {
        var document = self
        var errors: [ConfigError] = []
        // Indices (as first written) removed from each list, so later errors in it name the index the user wrote.
        var removed: [String: [Int]] = [:]
        for _ in 0..<Self.maxTypeErrors {
            do {
                return (try YAMLDecoder().decode(T.self, from: document.root), errors)
            } catch let error as DecodingError {
                let (path, expected, mismatch) = Self.describe(error)
                let written = Self.written(path, removed: removed)
                guard !path.components.isEmpty, let found = document.node(at: path) else {
                    errors.append(ConfigError(written.description, expected))
                    return (nil, errors)
                }
                errors.append(ConfigError(written.description, mismatch ? "\(expected), not \(Self.describe(found))" : expected))
                do { try document.set(nil, at: path) } catch { return (nil, errors) }
                if case .index(let index)? = path.last, case .index(let original)? = written.last, index >= 0 {
                    removed[path.parent.description, default: []].append(original)
                }
            } catch {
                errors.append(ConfigError("", "\(error)"))
                return (nil, errors)
            }
        }
        return (nil, errors)
    }

    /// Past this many, a file is more wrong than a list of problems can help with.
    static let maxTypeErrors = 200

    /// `path` with each list index moved back to where it was before earlier elements were removed.
    private static func written(_ path: ConfigPath, removed: [String: [Int]]) -> ConfigPath {
        var result = ConfigPath([])
        var current = ConfigPath([])
        for component in path.components {
            if case .index(let index) = component {
                var original = index
                for gone in (removed[current.description] ?? []).sorted() where gone <= original { original += 1 }
                result = result.appending(.index(original))
            } else {
                result = result.appending(component)
            }
            current = current.appending(component)
        }
        return result
    }

    /// Where a decoding error is, what was expected there, and whether that was a value of another type.
    static func describe(_ error: DecodingError) -> (ConfigPath, String, Bool) {
        func path(_ context: DecodingError.Context) -> ConfigPath {
            ConfigPath(context.codingPath.map { key in key.intValue.map { .index($0) } ?? .key(key.stringValue) })
        }
        switch error {
        case .typeMismatch(let type, let context):
            return (path(context), "expected \(expectation(type))", true)
        case .valueNotFound(let type, let context):
            return (path(context), "expected \(expectation(type))", true)
        case .keyNotFound(let key, let context):
            return (path(context).appending(.key(key.stringValue)), "missing", false)
        case .dataCorrupted(let context):
            return (path(context), context.debugDescription, false)
        @unknown default:
            return (ConfigPath([]), "\(error)", false)
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        case is Node.Mapping.Type: "a mapping"
        case is Node.Sequence.Type: "a list"
        case is Node.Scalar.Type: "a single value"
        default: "a \(type)"
        }
    }

    /// A value as the user wrote it: `"abc"`, `a list`, `a mapping`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): node.null != nil ? "nothing" : "\"\(scalar.string)\""
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }
}
