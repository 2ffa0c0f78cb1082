import Foundation
import MatrixAppService

// The olm wrappers (`OlmAccount`, `OlmSession`, `OlmInboundGroupSession`, `OlmOutboundGroupSession`) are used
// directly: libolm is the only olm library Troupe has, so no protocol stands between them and the machine. They
// are deliberately not `Sendable`: the actor that owns a device's crypto state creates them, keeps them, and
// never lets them cross to another actor.

/// An olm message: type 0 is a pre-key message (it can start a session), type 1 a normal message.
public struct OlmMessage: Sendable, Hashable {
    public enum Kind: Int, Sendable, Hashable, Codable {
        case preKey = 0
        case normal = 1
    }

    public var type: Kind
    /// Base64 ciphertext, as it goes into `m.room.encrypted`'s `ciphertext.<key>.body`.
    public var body: String

    public init(type: Kind, body: String) {
        self.type = type
        self.body = body
    }
}
