/// A configuration problem, named by its key path so the message alone tells an
/// operator which line of the YAML to fix.
public struct ConfigValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted key path, e.g. `agents.coder.provider`.
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// All problems found at once, so a user fixes the whole file in one pass.
public struct ConfigValidationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [ConfigValidationError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
