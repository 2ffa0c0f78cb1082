import Agents

/// What follows the action word of `!cron add`, `!heartbeat on` and `!webhook add`: the command's own words, one of
/// which may be `@agent`, and the prompt (or template) after `--`.
struct AutomationArguments {
    /// The chat's agent unless `@agent` names another.
    var agent: String
    /// The words before `--`, without `@agent`, joined by single spaces.
    var head: String
    /// Nil when there is no `--`.
    var prompt: String?

    /// `text` is the command's rest without its action word. Throws a usage error naming an unknown agent.
    init(_ text: Substring, chatAgent: String, runtime: AgentRuntime, text localizer: Localizer = Localizer()) async throws {
        let separator = text.range(of: " -- ") ?? text.range(of: "--")
        var words = (separator.map { text[..<$0.lowerBound] } ?? text).split(whereSeparator: \.isWhitespace).map(String.init)
        prompt = separator.map { text[$0.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines) }
        agent = chatAgent
        if let index = words.firstIndex(where: { $0.hasPrefix("@") && $0.count > 1 }) {
            let name = words.remove(at: index).dropFirst().lowercased()
            guard await runtime.agents()[name] != nil else { throw CommandUsageError(localizer.noAgentCalled(name)) }
            agent = name
        }
        head = words.joined(separator: " ")
    }
}
