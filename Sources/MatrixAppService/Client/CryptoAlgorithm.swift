/// The algorithm names of Matrix end-to-end encryption, as they appear in `m.room.encryption` and
/// `m.room.encrypted`. They live here, not in MatrixCrypto, because the client side (creating an encrypted
/// room, reading a room's encryption state) names them without linking libolm.
public enum CryptoAlgorithm {
    public static let olm = "m.olm.v1.curve25519-aes-sha2"
    public static let megolm = "m.megolm.v1.aes-sha2"
    public static let signedCurve25519 = "signed_curve25519"
}
