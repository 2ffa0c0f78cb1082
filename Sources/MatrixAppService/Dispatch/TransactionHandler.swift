/// Receives what the dispatcher drains from the inbox, section by section, in the order the crypto
/// layer needs: keys and devices before the timeline events they decrypt.
///
/// A handler may see the same item twice after a crash (the transaction is replayed), so it must be
/// idempotent; timeline events are deduplicated by event id before they get here. Long work (an agent
/// turn) belongs in a task of the handler's own: the dispatcher awaits each call to keep order.
public protocol TransactionHandler: Sendable {
    func handleToDevice(_ events: [ToDeviceEvent]) async
    func handleDeviceLists(_ changes: DeviceListChanges) async
    func handleKeyCounts(oneTimeKeys: [UserID: [DeviceID: [String: Int]]],
                         unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]]) async
    func handleEphemeral(_ events: [EphemeralEvent]) async
    func handleTimeline(_ event: ClientEvent) async
}

extension TransactionHandler {
    public func handleToDevice(_ events: [ToDeviceEvent]) async {}
    public func handleDeviceLists(_ changes: DeviceListChanges) async {}
    public func handleKeyCounts(oneTimeKeys: [UserID: [DeviceID: [String: Int]]],
                                unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]]) async {}
    public func handleEphemeral(_ events: [EphemeralEvent]) async {}
    public func handleTimeline(_ event: ClientEvent) async {}
}
