import Foundation

/// Encrypts what one of our users sends into an encrypted room (the crypto machines do, through
/// `CryptoHandler`). Throws rather than ever giving back something unencrypted.
public protocol RoomEventEncryptor: Sendable {
    /// The `m.room.encrypted` content for the event, shared with `members`' devices, and the device that
    /// encrypted it (the send goes out as that device). `settings` is the room's `m.room.encryption` content.
    func encrypt(room: RoomID, type: String, content: JSONValue, as user: UserID, members: [UserID], settings: JSONValue?)
        async throws -> (content: JSONValue, device: DeviceID)
}

/// Where the encryptor is plugged in once the devices exist; every `Intent` of the appservice reads it.
/// Empty means encryption is off: then nothing is sent into an encrypted room at all.
public final class RoomEncryptionSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (any RoomEventEncryptor)?

    public init() {}

    public var encryptor: (any RoomEventEncryptor)? {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// Sending into an encrypted room without an encryptor: refused, since it would be plaintext.
public struct PlaintextRefused: Error, Sendable, CustomStringConvertible {
    public let room: RoomID
    public var description: String {
        "refusing to send plaintext into the encrypted room \(room): encryption is off (encryption.allow) or not ready"
    }
}

extension Intent {
    /// What actually goes out for a room event: the event itself, or its encrypted form in an encrypted room.
    func outgoing(_ room: RoomID, type: String, content: JSONValue) async throws
        -> (intent: Intent, type: String, content: JSONValue)
    {
        // The room's encryption state both says whether to encrypt and carries the rotation settings: one read.
        var settings = try await state.state(room: room, type: EventType.encryption.rawValue, stateKey: "")
        // A room whose encryption could not be read is read again here; failing that, nothing is sent.
        if settings == nil { settings = try await ensureEncryptionKnown(of: room) }
        guard let settings else { return (self, type, content) }
        guard let encryptor = encryption?.encryptor else { throw PlaintextRefused(room: room) }
        let members = try await state.members(room: room, in: [.join, .invite])
        let (encrypted, device) = try await encryptor.encrypt(room: room, type: type, content: content, as: userID, members: members,
                                                              settings: settings)
        return (withDevice(device), EventType.encrypted.rawValue, encrypted)
    }
}
