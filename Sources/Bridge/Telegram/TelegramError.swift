import Foundation

/// What can go wrong talking to the Bot API, each case rendering what the operator has to know.
/// Descriptions never contain the token: request URLs do, so they are never part of an error.
public enum TelegramError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401 (or 404 from `getMe`, which Telegram answers for a token that is not even well-formed).
    case unauthorized(tokenEnv: String)
    /// Still rate limited after the retries; `retryAfter` is what Telegram asked for last.
    case rateLimited(method: String, retryAfter: Int)
    /// Any other error Telegram reports, e.g. 400 "Bad Request: chat not found" or 403 "Forbidden: bot was blocked by the user".
    case api(method: String, code: Int, description: String)
    /// The Bot API could not be reached (after retries where retrying is safe).
    case network(method: String, reason: String)
    /// Telegram answered something that is not a Bot API response.
    case invalidResponse(method: String, reason: String)
    /// The token variable is unset or empty.
    case missingToken(tokenEnv: String)

    public var description: String {
        switch self {
        case .unauthorized(let env):
            return "Telegram rejected the bot token in $\(env) (401 Unauthorized): set \(env) to the token BotFather gave you "
                + "(it looks like 123456789:AA…), or use /revoke in BotFather for a fresh one"
        case .missingToken(let env):
            return "telegram.enabled is true but the environment variable \(env) (telegram.token_env) is not set: "
                + "export it with the token BotFather gave you"
        case .rateLimited(let method, let retryAfter):
            return "Telegram kept rate-limiting \(method) (retry after \(retryAfter) s)"
        case .api(let method, let code, let description):
            return "Telegram refused \(method): \(code) \(description)"
        case .network(let method, let reason):
            return "cannot reach the Telegram Bot API for \(method) (telegram.api_url): \(reason)"
        case .invalidResponse(let method, let reason):
            return "unexpected answer from the Telegram Bot API to \(method): \(reason)"
        }
    }

    /// Telegram's answer to an edit that changes nothing; for edits this means the text is already shown.
    public var isNotModified: Bool {
        if case .api(_, 400, let description) = self { return description.lowercased().contains("message is not modified") }
        return false
    }

    /// 409 from `getUpdates` because a webhook is set: Telegram delivers to the webhook instead.
    public var isWebhookConflict: Bool {
        if case .api("getUpdates", 409, let description) = self { return description.lowercased().contains("webhook") }
        return false
    }

    /// 409 from `getUpdates` because another process polls with the same token.
    public var isPollingConflict: Bool {
        if case .api("getUpdates", 409, let description) = self { return !description.lowercased().contains("webhook") }
        return false
    }

    /// The bot may not write to the chat any more (blocked, kicked, chat gone): retrying will not help.
    public var isPermanent: Bool {
        switch self {
        case .unauthorized, .missingToken: return true
        case .api(_, let code, _): return code == 400 || code == 403 || code == 404
        default: return false
        }
    }
}
