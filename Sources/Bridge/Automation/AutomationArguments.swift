import Agents

/// What follows the action word of `!cron add`, `!heartbeat on` and `!webhook add`: an optional `@agent`, the
/// command's own words, and the prompt after `--`.
struct AutomationArguments {
    /// The chat's agent unless `@agent` names another.
    var agent: String
    var head: String
    /// Nil when there is no `--`.
    var prompt: String?

    /// `text` is the command's rest without its action word. Throws a usage error naming an unknown agent.
    init(_ text: Substring, chatAgent: String, runtime: AgentRuntime) async throws {
        let separator = text.range(of: " -- ") ?? text.range(of: "--")
        var head = (separator.map { text[..<$0.lowerBound] } ?? text).trimmingCharacters(in: .whitespaces)
        prompt = separator.map { text[$0.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines) }
        agent = chatAgent
        if head.hasPrefix("@") {
            let name = String(head.dropFirst().prefix { !$0.isWhitespace }).lowercased()
            guard await runtime.agents()[name] != nil else { throw CommandUsageError("There is no agent named \(name).") }
            agent = name
            head = head.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        }
        self.head = head
    }
}
