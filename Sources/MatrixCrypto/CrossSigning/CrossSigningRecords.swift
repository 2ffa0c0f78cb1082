import Foundation
import MatrixAppService

/// Our own users' cross-signing identities as stored: the seeds sealed under the pickle key, and how far the
/// publishing got (a crash between saving and uploading re-uploads the same keys).
public struct StoredCrossSigningIdentity: Sendable, Hashable {
    public var user: UserID
    public var sealedSeeds: String
    public var master: Ed25519Key
    /// The homeserver accepted the three public keys.
    public var published: Bool
    /// The device (and its Ed25519 key) whose self-signing signature the homeserver accepted.
    public var signedDevice: DeviceID?
    public var signedDeviceKey: Ed25519Key?
}

/// What we know of another user's cross-signing keys: the master key pinned on first use, the one the
/// homeserver lists now, and that master key's self-signing key (when the master key signed it).
public struct KnownCrossSigningKeys: Sendable, Hashable {
    public var user: UserID
    public var pinnedMaster: Ed25519Key
    public var currentMaster: Ed25519Key
    public var selfSigning: Ed25519Key?

    public var masterChanged: Bool { pinnedMaster != currentMaster }
}
