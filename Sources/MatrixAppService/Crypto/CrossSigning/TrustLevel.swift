/// How far a device's owner vouches for it, from nothing to a key we verified ourselves (mautrix-go's names).
///
/// A device's trust is one of these, and so is each threshold in `VerificationLevels`: a device passes a
/// threshold when its trust is at least that level.
public enum TrustLevel: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// Any device, cross-signed or not.
    case unverified
    /// Signed by its owner's self-signing key, which their master key signed; the master key is not trusted
    /// (it changed since we pinned it).
    case crossSignedUntrusted = "cross-signed-untrusted"
    /// Cross-signed, and the owner's master key is the one we pinned on first use.
    case crossSignedTOFU = "cross-signed-tofu"
    /// Cross-signed, and the owner's master key carries our user-signing key's signature.
    case crossSignedVerified = "cross-signed-verified"

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: TrustLevel, rhs: TrustLevel) -> Bool { lhs.rank < rhs.rank }
    public var description: String { rawValue }

    /// Whether a device of this trust passes `threshold`.
    public func passes(_ threshold: TrustLevel) -> Bool { self >= threshold }
}

/// Which devices the agents deal with (`encryption.verification_levels`).
public struct VerificationLevels: Sendable, Hashable {
    /// Who gets our room keys; the others get `m.room_key.withheld`.
    public var receive: TrustLevel
    /// Whose messages we accept; the others get a notice instead of an answer.
    public var send: TrustLevel
    /// Whose key requests we answer.
    public var share: TrustLevel

    /// What Element does with "exclude insecure devices": cross-signed by the owner, owner's master key pinned.
    public static let `default` = VerificationLevels(receive: .crossSignedTOFU, send: .crossSignedTOFU, share: .crossSignedTOFU)
    /// Every device, as before cross-signing: only for machines built outside `CryptoHandler` (tests).
    public static let anyDevice = VerificationLevels(receive: .unverified, send: .unverified, share: .unverified)

    public init(receive: TrustLevel, send: TrustLevel, share: TrustLevel) {
        self.receive = receive
        self.send = send
        self.share = share
    }
}
