import Logging

/// Trust decisions the transport asks for, made by whichever agent device holds the event's room key.
extension CryptoHandler {
    /// Whether the device that sent `event` (an `m.room.encrypted` room event we could decrypt) passes `send`.
    /// A failed check rejects: an unknown sender is not let through.
    public func senderVerdict(for event: ClientEvent) async -> SenderVerdict {
        for machine in machines.values where await machine.hasRoomKey(for: event) {
            do {
                return try await machine.senderVerdict(for: event)
            } catch {
                logger.warning("could not check the sending device's trust", metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
                return .rejected(device: nil, trust: .unverified, masterKeyChanged: false)
            }
        }
        return .rejected(device: nil, trust: .unverified, masterKeyChanged: false)
    }

    /// Accepts `user`'s current master key (after they reset their identity); false when none is known.
    public func trustCurrentMasterKey(of user: UserID) async throws -> Bool {
        guard let machine = machines.values.first else { return false }
        return try await machine.trustCurrentMasterKey(of: user)
    }
}
