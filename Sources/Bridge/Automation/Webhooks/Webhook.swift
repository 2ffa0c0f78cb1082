import Foundation

/// A `!webhook`: a name people POST to, the secret that signs their deliveries, the agent asked, and the chat its answer goes to
/// (the one it was made in).
public struct Webhook: Sendable, Equatable {
    public var name: String
    public var agent: String
    public var chat: ChatAddress
    /// The HMAC-SHA256 key of `X-Hub-Signature-256`, as GitHub uses it: the text's UTF-8 bytes.
    public var secret: String
    /// What the agent is asked; nil for the default (which hook fired, then the payload).
    public var template: String?
    public var createdBy: String
    public var createdAt: Date

    /// The hook's address under the listener's public URL.
    func url(_ settings: AutomationSettings.Webhooks) -> String { settings.url + "/hooks/" + name }

    /// The prompt for one delivery.
    func prompt(payload: String, header: (String) -> String?) -> String {
        let text = template ?? WebhookTemplate.defaultTemplate(hook: name, payload: payload, event: header("X-GitHub-Event") != nil)
        return WebhookTemplate.render(text, payload: payload, header: header)
    }

    /// Lowercase letters, digits, `-` and `_`, starting with a letter or digit: it is part of a URL and typed after `!webhook`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 64, Self.nameStart.contains(first) else { return false }
        return name.unicodeScalars.allSatisfy(Self.nameCharacters.contains)
    }

    private static let nameStart = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789")
    private static let nameCharacters = nameStart.union(CharacterSet(charactersIn: "-_"))

    /// 32 random bytes as 64 hex digits.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}
