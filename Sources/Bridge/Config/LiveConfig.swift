import Synchronization

/// The config in force. A reload replaces it whole, after validating the new file in full, so a reader never
/// sees half of one config and half of another.
public final class LiveConfig: Sendable {
    private let config: Mutex<TroupeConfig>

    public init(_ config: TroupeConfig) { self.config = Mutex(config) }

    public var current: TroupeConfig { config.withLock { $0 } }

    func replace(_ new: TroupeConfig) { config.withLock { $0 = new } }

    /// One setting, read from whatever config is in force when it is used.
    public func live<Value: Sendable>(_ read: @escaping @Sendable (TroupeConfig) -> Value) -> Live<Value> {
        Live { [self] in read(self.current) }
    }
}
