import PostgresNIO

extension PostgresRowSequence {
    /// Whether a `RETURNING` statement changed anything (SQLite's `changesCount > 0`); every row is read.
    func returnedAny() async throws -> Bool {
        var any = false
        for try await _ in self { any = true }
        return any
    }

    /// The first row's one column, or nil without rows; every row is read, so the connection is free again.
    func first<Value: PostgresDecodable & Sendable>(_ type: Value.Type) async throws -> Value? {
        var first: Value?
        for try await value in decode(Value.self) where first == nil { first = value }
        return first
    }
}
