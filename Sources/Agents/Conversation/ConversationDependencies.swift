import Foundation
import Logging

/// What every conversation shares: providers, stores, limits. Built once by the runtime.
struct ConversationDependencies: Sendable {
    let directory: AgentDirectory
    let providers: [String: any AgentProvider]
    let resolvedProviders: [String: ResolvedProvider]
    let runtime: RuntimeSettings
    let limiter: TurnLimiter
    let sessions: SessionStore
    let conversations: ConversationStore
    let history: HistoryStore
    let turns: TurnStore
    let dataDirectory: URL
    /// Extra variables per (agent, chat), e.g. the control API URL and token.
    let environment: @Sendable (String, ChatKey) -> [String: String]
    /// Brackets each tool run, e.g. to mint and revoke its control API token.
    let runObserver: (any RunObserver)?
    let logger: Logger

    /// Troupe's process environment, the provider's `env`, then Troupe's own variables.
    func childEnvironment(agent: String, chat: ChatKey, provider: ResolvedProvider, workspace: URL) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in provider.settings.env { env[key] = value }
        env["TROUPE_AGENT"] = agent
        env["TROUPE_CHAT"] = chat.rawValue
        env["TROUPE_WORKSPACE"] = workspace.path
        for (key, value) in environment(agent, chat) { env[key] = value }
        return env
    }
}

/// The text a tool receives: the user's words, then where their files are.
enum PromptBuilder {
    static func prompt(_ text: String, attachments: [Attachment]) -> String {
        guard !attachments.isEmpty else { return text }
        let list = attachments.map { file in
            "- \(file.filename)" + (file.mimeType.map { " (\($0))" } ?? "") + ": \(file.path)"
        }
        return text + "\n\nAttached files:\n" + list.joined(separator: "\n")
    }
}
