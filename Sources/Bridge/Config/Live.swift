/// A setting read at the moment it is used, so a config reload reaches long-lived parts without rebuilding them.
/// Tests and parts that never reload use `.fixed`.
public struct Live<Value: Sendable>: Sendable {
    private let read: @Sendable () -> Value

    public init(_ read: @escaping @Sendable () -> Value) { self.read = read }

    public static func fixed(_ value: Value) -> Live { Live { value } }

    public var value: Value { read() }
}
