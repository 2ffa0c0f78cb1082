import Foundation
import MatrixAppService

/// Signing and verifying JSON objects the Matrix way (spec appendix "Signing JSON").
///
/// The signed bytes are the canonical JSON of the object without `signatures` and `unsigned`; the signature
/// goes under `signatures.<entity>.<key id>` (entity: a user id for device keys, a server name for events;
/// key id: `ed25519:<device id>`), next to any signatures already there.
public enum JSONSigning {
    /// The bytes a signature covers: `object` without `signatures` and `unsigned`, canonicalised.
    public static func signedBytes(of object: JSONValue) throws -> Data {
        guard case .object(var members) = object else { throw JSONSigningError.notAnObject }
        members["signatures"] = nil
        members["unsigned"] = nil
        return try CanonicalJSON.encode(.object(members))
    }

    /// `object` with `signer`'s signature added under `signatures.<entity>.<keyID>`.
    public static func sign(_ object: JSONValue, entity: String, keyID: String, with signer: any Ed25519Signer) throws
        -> JSONValue
    {
        let signature = try signer.sign(try signedBytes(of: object))
        guard case .object(var members) = object else { throw JSONSigningError.notAnObject }
        var signatures = members["signatures"]?.objectValue ?? [:]
        var forEntity = signatures[entity]?.objectValue ?? [:]
        forEntity[keyID] = .string(signature)
        signatures[entity] = .object(forEntity)
        members["signatures"] = .object(signatures)
        return .object(members)
    }

    /// The signature `object` carries under `signatures.<entity>.<keyID>`, if any.
    public static func signature(in object: JSONValue, entity: String, keyID: String) -> String? {
        object["signatures"]?[entity]?[keyID]?.stringValue
    }

    /// Checks that `object` carries a valid signature by `key` under `signatures.<entity>.<keyID>`.
    /// Throws `JSONSigningError` (missing or invalid signature, not an object) or `CanonicalJSONError`.
    public static func verify(_ object: JSONValue, entity: String, keyID: String, key: Ed25519Key,
                              utility: OlmUtility = OlmUtility()) throws
    {
        guard let signature = signature(in: object, entity: entity, keyID: keyID) else {
            throw JSONSigningError.missingSignature(entity: entity, keyID: keyID)
        }
        let bytes = try signedBytes(of: object)
        do {
            try utility.verifyEd25519(key: key, message: bytes, signature: signature)
        } catch let error as OlmError {
            throw JSONSigningError.invalidSignature(entity: entity, keyID: keyID, reason: error.name)
        }
    }
}

public enum JSONSigningError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAnObject
    case missingSignature(entity: String, keyID: String)
    /// `reason` is libolm's error name (`BAD_MESSAGE_MAC` for a wrong signature, `INVALID_BASE64`, …).
    case invalidSignature(entity: String, keyID: String, reason: String)

    public var description: String {
        switch self {
        case .notAnObject: "only JSON objects can be signed"
        case .missingSignature(let entity, let keyID): "no signature by \(entity) with \(keyID)"
        case .invalidSignature(let entity, let keyID, let reason): "bad signature by \(entity) with \(keyID): \(reason)"
        }
    }
}
