import Foundation
import MatrixAppService

/// How much crypto state one agent device keeps. Anyone who can reach the device (any federated user) can
/// make it store olm sessions, ciphertext hashes and withheld notices, and anyone in a room can make it
/// remember message indexes, so each is pruned to a fixed bound (docs/encryption.md, "Limits").
public struct CryptoLimits: Sendable, Hashable {
    /// Olm sessions kept per other device (identity key), the most recently used.
    public var olmSessionsPerSender = 10
    /// Olm sessions kept per agent device in all, the most recently used.
    public var olmSessions = 10_000
    /// Olm ciphertext hashes (to-device replay protection): kept this long, and at most this many.
    public var olmHashAge: TimeInterval = 30 * 24 * 3600
    public var olmHashes = 100_000
    /// `m.room_key.withheld` notices: kept this long, and at most this many.
    public var withheldAge: TimeInterval = 30 * 24 * 3600
    public var withheldNotices = 10_000
    /// Megolm message indexes (room replay protection): kept this long, and at most this many.
    public var messageIndexAge: TimeInterval = 30 * 24 * 3600
    public var messageIndexes = 200_000
    /// Sessions we asked for with `m.room_key_request` and still accept a forward of, the newest.
    public var requestedKeys = 1_000
    /// Megolm sessions held decoded in memory (the store keeps them all).
    public var cachedGroupSessions = 1_000
    /// The store is pruned at start and after this many stored olm or megolm uses.
    public var pruneEvery = 500

    public init() {}

    public static let standard = CryptoLimits()
}

/// What one prune removed, per table (for the log and tests).
public struct CryptoPruneReport: Sendable, Hashable {
    public var olmSessions = 0
    public var olmHashes = 0
    public var withheld = 0
    public var messageIndexes = 0

    public init() {}

    public var total: Int { olmSessions + olmHashes + withheld + messageIndexes }
}
