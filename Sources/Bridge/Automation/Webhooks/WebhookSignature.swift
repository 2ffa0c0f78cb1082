import Crypto
import Foundation

/// `X-Hub-Signature-256: sha256=<hex>`: the HMAC-SHA256 of the raw body keyed with the hook's secret, as GitHub
/// (and many others) send it.
enum WebhookSignature {
    /// Whether `value` signs `body` with `secret`; false when missing or malformed. The comparison takes the
    /// same time wherever the codes differ.
    static func isValid(_ value: String?, body: some DataProtocol, secret: String) -> Bool {
        guard let value, value.lowercased().hasPrefix("sha256="), let code = bytes(hex: value.dropFirst("sha256=".count)),
              code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: SymmetricKey(data: Data(secret.utf8)))
    }

    /// The header value for `body`: what a sender (and the tests) write.
    static func sign(_ body: some DataProtocol, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
