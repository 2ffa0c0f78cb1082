/// How far a device's owner vouches for it, from nothing to a key we verified ourselves (mautrix-go's names).
///
/// Here rather than in MatrixCrypto because the dispatcher's decrypt stage reports it (`UndecryptableReason`).
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
