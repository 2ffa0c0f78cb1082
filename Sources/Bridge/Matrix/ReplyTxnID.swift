import Crypto
import Foundation
import MatrixAppService

/// A send transaction id derived from the event being answered, so that when a crash makes the
/// dispatcher replay that event, the homeserver deduplicates the second reply instead of posting it.
enum ReplyTxnID {
    static func make(from user: UserID, answering event: EventID, purpose: String) -> String {
        let digest = SHA256.hash(data: Data("\(user.rawValue)|\(event.rawValue)|\(purpose)".utf8))
        return "troupe-" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
