import MatrixAppService

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
