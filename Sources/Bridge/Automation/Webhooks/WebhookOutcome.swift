import HTTPTypes

/// How the listener answered one delivery: its status and small JSON body, and what the log says.
enum WebhookOutcome: String, Sendable, Equatable {
    case accepted, pong, duplicate, unknownHook, tooLarge, badSignature, tooMany, failed

    var status: HTTPResponse.Status {
        switch self {
        case .accepted: .accepted
        case .pong, .duplicate: .ok
        case .unknownHook: .notFound
        case .tooLarge: .contentTooLarge
        case .badSignature: .unauthorized
        case .tooMany: .tooManyRequests
        case .failed: .serviceUnavailable
        }
    }

    var json: String {
        switch self {
        case .accepted: #"{"status":"accepted"}"#
        case .pong: #"{"status":"pong"}"#
        case .duplicate: #"{"status":"duplicate","detail":"this delivery id was accepted before; nothing was started"}"#
        case .unknownHook: #"{"error":"no such webhook"}"#
        case .tooLarge: #"{"error":"payload too large"}"#
        case .badSignature: #"{"error":"missing or wrong X-Hub-Signature-256"}"#
        case .tooMany: #"{"error":"too many deliveries to this webhook; try again in a minute"}"#
        case .failed: #"{"error":"could not record the delivery; try again"}"#
        }
    }
}
