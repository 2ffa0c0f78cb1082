/// A Matrix protocol error as a value: what the homeserver answered (or what we answer it).
///
/// Matched by `errcode`, never by message text; rendered as the standard `{errcode, error}` body.
public struct MatrixError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var errcode: String
    public var message: String
    /// From `retry_after_ms` (or the `Retry-After` header) on a 429.
    public var retryAfterMs: Int?

    public init(status: Int, errcode: String, message: String, retryAfterMs: Int? = nil) {
        self.status = status
        self.errcode = errcode
        self.message = message
        self.retryAfterMs = retryAfterMs
    }

    public var description: String { "\(errcode) (HTTP \(status)): \(message)" }

    /// The JSON body the spec prescribes for an error.
    public var jsonBody: JSONValue {
        var object: [String: JSONValue] = ["errcode": .string(errcode), "error": .string(message)]
        if let retryAfterMs { object["retry_after_ms"] = .int(Int64(retryAfterMs)) }
        return .object(object)
    }
}

extension MatrixError {
    public static func missingToken(_ message: String = "Missing access token") -> MatrixError {
        .init(status: 401, errcode: "M_MISSING_TOKEN", message: message)
    }
    public static func forbidden(_ message: String = "Invalid access token") -> MatrixError {
        .init(status: 403, errcode: "M_FORBIDDEN", message: message)
    }
    public static func notJSON(_ message: String = "Body is not JSON") -> MatrixError {
        .init(status: 400, errcode: "M_NOT_JSON", message: message)
    }
    public static func badJSON(_ message: String) -> MatrixError {
        .init(status: 400, errcode: "M_BAD_JSON", message: message)
    }
    public static func tooLarge(limit: Int) -> MatrixError {
        .init(status: 413, errcode: "M_TOO_LARGE", message: "Body exceeds \(limit) bytes")
    }
    public static func unrecognized(status: Int = 404, _ message: String = "Unrecognized request") -> MatrixError {
        .init(status: status, errcode: "M_UNRECOGNIZED", message: message)
    }
    public static func notFound(_ message: String = "Not found") -> MatrixError {
        .init(status: 404, errcode: "M_NOT_FOUND", message: message)
    }
    public static func unknown(_ message: String, status: Int = 500) -> MatrixError {
        .init(status: status, errcode: "M_UNKNOWN", message: message)
    }
}

/// A request that never got a Matrix answer: connection refused, timeout, or a body that is not JSON.
public struct HomeserverUnreachable: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }
    public var description: String { "homeserver unreachable at \(url): \(reason)" }
}
