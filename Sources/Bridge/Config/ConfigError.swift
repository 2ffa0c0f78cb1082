/// A config problem, always naming the key it is about so the user knows which line to fix.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var key: String
    public var problem: String

    public init(_ key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { key.isEmpty ? problem : "\(key): \(problem)" }
}

/// Every problem found, so one run of `troupe run` reports them all instead of one per attempt.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public var description: String {
        "invalid config:\n" + errors.map { "  - \($0)" }.joined(separator: "\n")
    }
}
