import Foundation
import MatrixAppService

/// Where the crypto machines keep their state: `SQLiteCryptoStore` in the appservice's SQLite database, or
/// `PostgresCryptoStore` when several processes share one PostgreSQL. Every call is one transaction; rows are
/// per agent device (`CryptoOwner`) except device lists and cross-signing keys, which all our devices share.
public protocol CryptoStore: Sendable {
    // Accounts
    func account(_ owner: CryptoOwner) async throws -> StoredAccount?
    /// The device we keep an account for, for one of our users (one device per user).
    func device(of user: UserID) async throws -> DeviceID?
    func saveAccount(_ account: StoredAccount) async throws
    /// Forgets the account and everything that belonged to that device.
    func deleteAccount(_ owner: CryptoOwner) async throws

    // Sessions
    /// The olm sessions with one other device, most recently used first.
    func olmSessions(_ owner: CryptoOwner, senderKey: Curve25519Key) async throws -> [StoredOlmSession]
    func saveOlmSession(_ owner: CryptoOwner, _ session: StoredOlmSession) async throws
    func inboundGroupSession(_ owner: CryptoOwner, room: RoomID, sessionID: MegolmSessionID) async throws -> StoredInboundGroupSession?
    func saveInboundGroupSession(_ owner: CryptoOwner, _ session: StoredInboundGroupSession) async throws
    func saveOutboundGroupSession(_ owner: CryptoOwner, _ session: StoredOutboundGroupSession) async throws
    func outboundGroupSession(_ owner: CryptoOwner, room: RoomID) async throws -> StoredOutboundGroupSession?
    func saveWithheld(_ owner: CryptoOwner, _ notice: WithheldNotice) async throws
    func withheld(_ owner: CryptoOwner, room: RoomID, sessionID: MegolmSessionID) async throws -> WithheldNotice?
    /// How many sessions the store holds, over all agent devices (for the metrics).
    func sessionCounts() async throws -> CryptoSessionCounts

    // Replay protection
    /// Records the use of a message index unless it was recorded before, by any of our devices; returns the
    /// first use. Atomic: of two callers at once with different uses, one gets the other's.
    func recordMessageIndex(_ owner: CryptoOwner, sessionID: MegolmSessionID, senderKey: Curve25519Key, index: UInt32,
                            use: MessageIndexUse) async throws -> MessageIndexUse
    /// Records an olm ciphertext hash; false when it had been recorded already.
    func recordOlmHash(_ owner: CryptoOwner, _ hash: String) async throws -> Bool
    func hasOlmHash(_ owner: CryptoOwner, _ hash: String) async throws -> Bool

    // Device lists (shared by all our devices) and who got our room keys
    func saveDeviceKeys(_ keys: TrackedDeviceKeys) async throws
    /// `user`'s devices, ordered by device id.
    func deviceKeys(of user: UserID) async throws -> [TrackedDeviceKeys]
    /// Sets `user`'s device list to `devices` (devices no longer listed are forgotten) and marks it fresh.
    func replaceDeviceList(of user: UserID, with devices: [TrackedDeviceKeys]) async throws
    /// When each user's device list was fetched, for users whose list is tracked and not outdated.
    func freshDeviceLists(of users: [UserID]) async throws -> [UserID: Date]
    /// `device_lists.changed`/`left` named these users: fetch their lists again before the next use.
    func markDeviceListsOutdated(_ users: [UserID]) async throws
    /// The devices that got the key of our megolm session `session` in `room`.
    func sharedDevices(_ owner: CryptoOwner, room: RoomID, session: MegolmSessionID) async throws -> [SharedDevice]
    /// Adds `devices` to those that got `session`'s key, forgetting the room's earlier sessions' rows.
    func markShared(_ owner: CryptoOwner, room: RoomID, session: MegolmSessionID, with devices: [SharedDevice]) async throws

    // Cross-signing
    func ownCrossSigning(_ user: UserID) async throws -> StoredCrossSigningIdentity?
    func saveOwnCrossSigning(_ identity: StoredCrossSigningIdentity) async throws
    func knownCrossSigning(_ user: UserID) async throws -> KnownCrossSigningKeys?
    func saveKnownCrossSigning(_ keys: KnownCrossSigningKeys) async throws

    // Limits
    /// Drops what exceeds `limits` (olm sessions, olm hashes, withheld notices, message indexes) of one device.
    func prune(_ owner: CryptoOwner, limits: CryptoLimits, now: Date) async throws -> CryptoPruneReport
    /// Row counts of one device's prunable tables, keyed by table name (for `!crypto` and tests).
    func rowCounts(_ owner: CryptoOwner) async throws -> [String: Int]
}

/// How many sessions the store holds, over all agent devices: what `CryptoMetrics` shows.
public struct CryptoSessionCounts: Sendable, Equatable {
    public var olm: Int
    public var megolmInbound: Int
    public var megolmOutbound: Int
}

/// The tables `prune` keeps within limits, as `rowCounts` names them.
enum PrunedTables {
    static let all = ["crypto_olm_session", "crypto_olm_hash", "crypto_withheld", "crypto_message_index"]
}

/// The tables with a row per agent device, which `deleteAccount` empties for that device.
enum DeviceTables {
    static let all = ["crypto_account", "crypto_olm_session", "crypto_inbound_group_session", "crypto_outbound_group_session",
                      "crypto_withheld", "crypto_message_index", "crypto_olm_hash", "crypto_outbound_shared"]
}
