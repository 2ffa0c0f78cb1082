import COlm
import MatrixAppService

/// A failed libolm call, carrying libolm's own error name so logs and tests read like libolm's docs.
///
/// `code` is for matching (`catch let error as OlmError where error.code == .badMessageMAC`); `name` is the
/// string libolm reports (`olm_X_last_error`), e.g. `BAD_MESSAGE_MAC` or `UNKNOWN_MESSAGE_INDEX`; `operation`
/// names the wrapper call that failed.
public struct OlmError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libolm's `enum OlmErrorCode`, plus two cases for failures the wrappers detect themselves.
    public enum Code: Sendable, Hashable {
        case notEnoughRandom
        case outputBufferTooSmall
        case badMessageVersion
        case badMessageFormat
        case badMessageMAC
        case badMessageKeyID
        case invalidBase64
        case badAccountKey
        case unknownPickleVersion
        case corruptedPickle
        case badSessionKey
        case unknownMessageIndex
        case badLegacyAccountPickle
        case badSignature
        case inputBufferTooSmall
        case sasTheirKeyNotSet
        case pickleExtraData
        /// A code this build does not know (a newer libolm).
        case unknown(UInt32)
        /// libolm succeeded but returned something we could not read (e.g. identity keys that are not JSON).
        case unexpectedOutput
        /// We refused the input before calling libolm (e.g. a seed of the wrong length).
        case invalidArgument

        init(_ code: OlmErrorCode) {
            switch code {
            case OLM_NOT_ENOUGH_RANDOM: self = .notEnoughRandom
            case OLM_OUTPUT_BUFFER_TOO_SMALL: self = .outputBufferTooSmall
            case OLM_BAD_MESSAGE_VERSION: self = .badMessageVersion
            case OLM_BAD_MESSAGE_FORMAT: self = .badMessageFormat
            case OLM_BAD_MESSAGE_MAC: self = .badMessageMAC
            case OLM_BAD_MESSAGE_KEY_ID: self = .badMessageKeyID
            case OLM_INVALID_BASE64: self = .invalidBase64
            case OLM_BAD_ACCOUNT_KEY: self = .badAccountKey
            case OLM_UNKNOWN_PICKLE_VERSION: self = .unknownPickleVersion
            case OLM_CORRUPTED_PICKLE: self = .corruptedPickle
            case OLM_BAD_SESSION_KEY: self = .badSessionKey
            case OLM_UNKNOWN_MESSAGE_INDEX: self = .unknownMessageIndex
            case OLM_BAD_LEGACY_ACCOUNT_PICKLE: self = .badLegacyAccountPickle
            case OLM_BAD_SIGNATURE: self = .badSignature
            case OLM_INPUT_BUFFER_TOO_SMALL: self = .inputBufferTooSmall
            case OLM_SAS_THEIR_KEY_NOT_SET: self = .sasTheirKeyNotSet
            case OLM_PICKLE_EXTRA_DATA: self = .pickleExtraData
            default: self = .unknown(code.rawValue)
            }
        }
    }

    public let code: Code
    /// libolm's error string, e.g. `BAD_MESSAGE_MAC`.
    public let name: String
    /// The wrapper operation that failed, e.g. `olm_group_decrypt`.
    public let operation: String

    public init(code: Code, name: String, operation: String) {
        self.code = code
        self.name = name
        self.operation = operation
    }

    /// Builds the error from an object's `last_error_code` / `last_error` pair.
    init(code: OlmErrorCode, message: UnsafePointer<CChar>?, operation: String) {
        self.code = Code(code)
        self.name = message.map { String(cString: $0) } ?? "UNKNOWN_ERROR"
        self.operation = operation
    }

    static func unexpectedOutput(_ operation: String) -> OlmError {
        OlmError(code: .unexpectedOutput, name: "UNEXPECTED_OUTPUT", operation: operation)
    }

    static func invalidArgument(_ operation: String, _ what: String) -> OlmError {
        OlmError(code: .invalidArgument, name: "INVALID_ARGUMENT: \(what)", operation: operation)
    }

    public var description: String { "\(operation) failed: \(name)" }
}

/// libolm signals failure by returning `olm_error()` (`(size_t)-1`) from every `size_t` call.
let olmErrorValue: Int = olm_error()
