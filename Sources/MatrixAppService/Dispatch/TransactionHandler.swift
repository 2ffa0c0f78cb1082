/// Receives what the dispatcher drains from the inbox, section by section, in the order the crypto
/// layer needs: keys and devices before the timeline events they decrypt.
///
/// A handler may see the same item twice after a crash (the transaction is replayed), so it must be
/// idempotent; timeline events are deduplicated by event id before they get here. Long work (an agent
/// turn) belongs in a task of the handler's own: the dispatcher awaits each call to keep order.
///
/// Timeline events come in one of three ways, never as ciphertext (see `RoomEventDecryptor`):
/// `handleTimeline` for events sent in the clear, `handleDecrypted` for encrypted ones the decrypt stage
/// decrypted, and `handleUndecryptable` for encrypted ones it could not (with the reason). An event whose key
/// is late reaches `handleDecrypted`/`handleUndecryptable` after the events that followed it.
public protocol TransactionHandler: Sendable {
    func handleToDevice(_ events: [ToDeviceEvent]) async
    func handleDeviceLists(_ changes: DeviceListChanges) async
    func handleKeyCounts(oneTimeKeys: [UserID: [DeviceID: [String: Int]]],
                         unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]]) async
    func handleEphemeral(_ events: [EphemeralEvent]) async
    /// A timeline event that was not encrypted (state events included).
    func handleTimeline(_ event: ClientEvent) async
    /// A timeline event that arrived encrypted, as plaintext.
    func handleDecrypted(_ event: DecryptedEvent) async
    /// A timeline event that arrived encrypted and could not be turned into plaintext.
    func handleUndecryptable(_ event: UndecryptableEvent) async
}

extension TransactionHandler {
    public func handleToDevice(_ events: [ToDeviceEvent]) async {}
    public func handleDeviceLists(_ changes: DeviceListChanges) async {}
    public func handleKeyCounts(oneTimeKeys: [UserID: [DeviceID: [String: Int]]],
                                unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]]) async {}
    public func handleEphemeral(_ events: [EphemeralEvent]) async {}
    public func handleTimeline(_ event: ClientEvent) async {}
    public func handleDecrypted(_ event: DecryptedEvent) async {}
    public func handleUndecryptable(_ event: UndecryptableEvent) async {}
}
