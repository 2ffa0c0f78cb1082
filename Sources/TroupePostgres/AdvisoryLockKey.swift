import Crypto
import Foundation

/// A PostgreSQL advisory lock's 64-bit key, derived from a name so that every process (and every version)
/// computes the same key for the same thing: the first 8 bytes of the name's SHA-256.
public struct AdvisoryLockKey: Sendable, Hashable, CustomStringConvertible {
    public let value: Int64

    public init(_ name: String) {
        let digest = Array(SHA256.hash(data: Data(name.utf8)))
        value = Int64(bitPattern: digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    /// The lock that makes one process of an appservice the active one.
    public static func active(appserviceID: String) -> AdvisoryLockKey { AdvisoryLockKey("troupe.active:" + appserviceID) }

    public var description: String { "\(value)" }
}
