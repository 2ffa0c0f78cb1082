/// The message a message replies to, as the agent gets it for context: who wrote it and what it said.
public struct QuotedMessage: Sendable, Equatable {
    public var sender: String
    public var text: String

    public init(sender: String, text: String) {
        self.sender = sender
        self.text = text
    }

    /// Quotes beyond this are cut: context, not a second prompt.
    static let maxCharacters = 1500

    /// The prompt with the quote in front, marked as a quote so the agent reads it as context.
    func prompt(_ text: String) -> String {
        let cut = self.text.clipped(Self.maxCharacters)
        let quoted = cut.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        return "In reply to \(sender):\n\(quoted)\n\n\(text)"
    }
}
