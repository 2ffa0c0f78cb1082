import HTTPTypes
import Hummingbird

/// Checks the homeserver's token on every request to the appservice API.
struct TokenCheck: Sendable {
    let expected: [UInt8]

    init(hsToken: String) { expected = Array(hsToken.utf8) }

    /// nil when the request carries the right token; otherwise the error to answer with.
    func verify(_ request: Request) -> MatrixError? {
        guard let presented = Self.token(in: request) else { return .missingToken() }
        return Self.constantTimeEquals(Array(presented.utf8), expected) ? nil : .forbidden()
    }

    /// The `Authorization: Bearer` header, or the legacy `access_token` query parameter that homeservers
    /// configured with `use_appservice_legacy_authorization` still send.
    static func token(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]) }
            return nil
        }
        return request.uri.queryParameters["access_token"].map(String.init)
    }

    /// Compares without an early exit, so response timing does not reveal how much of a guess was right.
    /// The lengths are compared whole: folded into 8 bits, a guess 256 bytes longer than the token (the
    /// token followed by NUL bytes) would compare equal.
    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(0)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && lhs.count == rhs.count
    }
}
