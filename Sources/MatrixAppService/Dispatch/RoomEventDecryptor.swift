/// The dispatcher's decrypt stage: turns a timeline `m.room.encrypted` event into its plaintext, or says why it
/// cannot. MatrixCrypto's `CryptoHandler` implements it; MatrixAppService never links libolm.
///
/// Handlers therefore never see ciphertext: `TransactionHandler.handleDecrypted` gets the plaintext and
/// `handleUndecryptable` the reason, for every encrypted timeline event that is not ours.
public protocol RoomEventDecryptor: Sendable {
    /// Decrypts with the keys at hand, now. `.waitingForKey` means the key may still come (in a later transaction).
    func decryptRoomEvent(_ event: ClientEvent) async -> RoomEventDecryption
    /// For an event that was `.waitingForKey`: waits for the key, asks the sender for it, waits again. Never returns
    /// `.waitingForKey` (a key that never came is `.undecryptable(.keyNeverArrived)`). Runs off the dispatcher's path.
    func decryptRoomEventWaitingForKey(_ event: ClientEvent) async -> RoomEventDecryption
}

/// What the decrypt stage made of one encrypted room event.
public enum RoomEventDecryption: Sendable {
    case decrypted(DecryptedEvent)
    case undecryptable(UndecryptableReason)
    /// No key yet; the dispatcher waits for it off its path (`decryptRoomEventWaitingForKey`).
    case waitingForKey
    /// Not for the handlers: sent by one of our own users, or not something a client sends. Logged and dropped.
    case ignored(String)
}

/// A timeline event that arrived encrypted and was decrypted, from a device that passes
/// `encryption.verification_levels.send`.
public struct DecryptedEvent: Sendable {
    /// The plaintext event: the id, room, sender and time of the encrypted one; type and content from the
    /// plaintext (relations carried over from the clear `m.relates_to`).
    public var event: ClientEvent
    /// The `m.room.encrypted` event as it arrived.
    public var encrypted: ClientEvent
    /// The device the sender's client named in the event (`device_id`); nil when it named none.
    public var senderDevice: DeviceID?
    /// The level the sending device passed (`encryption.verification_levels.send`): its trust is at least this.
    public var passedLevel: TrustLevel

    public init(event: ClientEvent, encrypted: ClientEvent, senderDevice: DeviceID?, passedLevel: TrustLevel) {
        self.event = event
        self.encrypted = encrypted
        self.senderDevice = senderDevice
        self.passedLevel = passedLevel
    }
}

/// A timeline `m.room.encrypted` event whose plaintext no handler gets, and why.
public struct UndecryptableEvent: Sendable {
    /// The event as it arrived.
    public var event: ClientEvent
    public var reason: UndecryptableReason

    public init(event: ClientEvent, reason: UndecryptableReason) {
        self.event = event
        self.reason = reason
    }
}

/// Why an encrypted room event was not handed over as plaintext.
public enum UndecryptableReason: Sendable, Hashable, CustomStringConvertible {
    /// This process has no decryptor (`encryption.allow` is false).
    case encryptionOff
    /// The room key never came, not even after a key request.
    case keyNeverArrived
    /// The sender's device withheld the key (`m.room_key.withheld`, e.g. `m.unverified`).
    case withheld(code: String, reason: String?)
    /// The message index was already used by another event (`firstEvent`): a replay.
    case replayed(firstEvent: EventID)
    /// Decrypted, but sent from a device below `encryption.verification_levels.send`: not acted on. `device` is
    /// nil when the session's key matches none of the sender's listed devices.
    case senderDeviceBelowLevel(device: DeviceID?, trust: TrustLevel, required: TrustLevel, masterKeyChanged: Bool)
    /// Too many events already wait for their keys (the bound on waiting work); this one was not kept waiting.
    case tooManyWaiting(limit: Int)
    /// Anything else (malformed content, an unknown algorithm, a payload for another room, an olm error).
    case failed(String)

    public var description: String {
        switch self {
        case .encryptionOff: "encryption is off"
        case .keyNeverArrived: "the room key never arrived"
        case .withheld(let code, let reason): "the sender withheld the room key (\(code)\(reason.map { ": \($0)" } ?? ""))"
        case .replayed(let first): "the message was replayed (its message index was first used by \(first))"
        case .senderDeviceBelowLevel(let device, let trust, let required, _):
            "sent from \(device.map { "device \($0.rawValue)" } ?? "an unknown device"), which is \(trust), below \(required)"
        case .tooManyWaiting(let limit): "too many messages (\(limit)) are already waiting for their room keys"
        case .failed(let why): why
        }
    }
}
