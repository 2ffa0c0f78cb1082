import Foundation
import MatrixAppService

/// The agent device a crypto row belongs to.
public struct CryptoOwner: Sendable, Hashable, CustomStringConvertible {
    public var user: UserID
    public var device: DeviceID
    public init(user: UserID, device: DeviceID) {
        self.user = user
        self.device = device
    }
    public var description: String { "\(user)/\(device)" }
}

public struct StoredAccount: Sendable, Hashable {
    public var owner: CryptoOwner
    public var pickle: String
    /// The keys of the first upload were accepted by the homeserver.
    public var published: Bool
}

public struct StoredOlmSession: Sendable, Hashable {
    public var sessionID: OlmSessionID
    public var senderKey: Curve25519Key
    public var pickle: String
    public var lastUsedAt: Date
}

public struct StoredInboundGroupSession: Sendable, Hashable {
    public var roomID: RoomID
    public var sessionID: MegolmSessionID
    public var senderKey: Curve25519Key
    /// The Ed25519 key the olm payload that carried the key claimed for the sender's device.
    public var signingKey: Ed25519Key?
    public var pickle: String
    public var firstKnownIndex: UInt32
    /// The user who gave us the session (the olm sender of `m.room_key`, or the forwarder we asked); only
    /// their events decrypt with it. Nil for sessions stored before this was recorded.
    public var senderUser: UserID? = nil
}

public struct WithheldNotice: Sendable, Hashable {
    public var roomID: RoomID
    public var sessionID: MegolmSessionID
    public var senderKey: Curve25519Key
    public var code: String
    public var reason: String?
    /// Who sent the notice: it explains only that user's events.
    public var sender: UserID? = nil
}

/// The event a megolm (session, message index) was first seen in.
public struct MessageIndexUse: Sendable, Hashable {
    public var eventID: EventID
    public var originServerTS: Int64
}

public struct TrackedDeviceKeys: Sendable, Hashable {
    public var user: UserID
    public var device: DeviceID
    public var curve25519: Curve25519Key
    public var ed25519: Ed25519Key
    /// The signed `device_keys` object as the homeserver gave it.
    public var json: JSONValue
}

/// A device our megolm session's key went to, with the identity key it had then.
public struct SharedDevice: Sendable, Hashable {
    public var user: UserID
    public var device: DeviceID
    public var curve25519: Curve25519Key
    public init(user: UserID, device: DeviceID, curve25519: Curve25519Key) {
        self.user = user
        self.device = device
        self.curve25519 = curve25519
    }
}

public struct StoredOutboundGroupSession: Sendable, Hashable {
    public var roomID: RoomID
    public var sessionID: MegolmSessionID
    public var pickle: String
    public var createdAt: Date
    public var messageCount: Int
}
