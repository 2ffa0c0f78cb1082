import Foundation
import MatrixAppService

/// Checks the cross-signing chain of another user's device, as `/keys/query` gives it: the master key
/// (`master_keys`), the self-signing key signed by it (`self_signing_keys`), the device keys signed by that.
///
/// Each object is signed like device keys: canonical JSON without `signatures`/`unsigned`, the signature under
/// `signatures.<user id>."ed25519:<base64 public key>"`.
public enum CrossSigningChain {
    /// The Ed25519 key of a cross-signing key object, if it is `user`'s and meant for `usage`.
    /// Cross-signing keys have exactly one key, named by itself (`ed25519:<key>: <key>`).
    public static func key(of object: JSONValue?, user: UserID, usage: String) -> Ed25519Key? {
        guard let object, object["user_id"]?.stringValue == user.rawValue,
              object["usage"]?.arrayValue?.contains(where: { $0.stringValue == usage }) == true,
              let keys = object["keys"]?.objectValue, keys.count == 1,
              let (id, value) = keys.first, let key = value.stringValue, id == "ed25519:\(key)"
        else { return nil }
        return Ed25519Key(key)
    }

    /// Whether `object` carries a valid signature by `user`'s cross-signing key `key`.
    public static func isSigned(_ object: JSONValue, by key: Ed25519Key, of user: UserID) -> Bool {
        (try? JSONSigning.verify(object, entity: user.rawValue, keyID: "ed25519:\(key.rawValue)", key: key)) != nil
    }

    /// `user`'s self-signing key, when their master key signed it.
    public static func selfSigningKey(_ object: JSONValue?, master: Ed25519Key, user: UserID) -> Ed25519Key? {
        guard let object, let key = key(of: object, user: user, usage: "self_signing"), isSigned(object, by: master, of: user)
        else { return nil }
        return key
    }

    /// Whether the device keys are signed by the owner's self-signing key.
    public static func isDeviceSigned(_ deviceKeys: JSONValue, selfSigning: Ed25519Key, user: UserID) -> Bool {
        deviceKeys["user_id"]?.stringValue == user.rawValue && isSigned(deviceKeys, by: selfSigning, of: user)
    }
}
