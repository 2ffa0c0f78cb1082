import Foundation

/// A value guarded by a lock, for the few places where state is touched from
/// non-async contexts (Dispatch handlers, signal paths) and an actor hop would
/// reorder or delay the update.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    @discardableResult
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}
