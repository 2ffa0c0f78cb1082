import Foundation
import Logging

/// What every conversation shares: providers, stores, limits. Built once by the runtime.
struct ConversationDependencies: Sendable {
    let directory: AgentDirectory
    let providers: ProviderSet
    var resolvedProviders: [String: ResolvedProvider] { providers.resolved }
    /// For what a reload can change between turns (`agents_env_file`).
    let current: CurrentConfiguration
    let runtime: RuntimeSettings
    let limiter: TurnLimiter
    let sessions: any SessionStore
    let conversations: any ConversationStore
    let history: any HistoryStore
    let turns: any TurnStore
    /// Deletes across these stores' tables (`forget`, `removeAgent(purge:)`).
    let maintenance: any AgentsMaintenance
    let dataDirectory: URL
    /// Extra variables per (agent, chat), e.g. the control API URL and token.
    let environment: @Sendable (String, ChatKey) -> [String: String]
    /// Brackets each tool run, e.g. to mint and revoke its control API token.
    let runObserver: (any RunObserver)?
    let metrics: AgentMetrics
    let logger: Logger

    /// The allow-listed part of Troupe's environment, the provider's and agent's `pass_env`/`env`, then
    /// Troupe's own variables (see `ChildEnvironment`).
    func childEnvironment(agent: String, definition: AgentDefinition, chat: ChatKey, provider: ResolvedProvider,
                          workspace: URL, secrets: [String: String] = [:]) -> [String: String] {
        var troupe = ["TROUPE_AGENT": agent, "TROUPE_CHAT": chat.rawValue, "TROUPE_WORKSPACE": workspace.path]
        for (key, value) in environment(agent, chat) { troupe[key] = value }
        return ChildEnvironment.build(
            parent: ProcessInfo.processInfo.environment, secrets: secrets, provider: provider.settings, agent: definition,
            troupe: troupe)
    }
}

extension ConversationDependencies {
    /// `agents_env_file` as it is now; a file that cannot be read fails the turn rather than run it without its keys.
    func secrets() throws -> [String: String] {
        guard let path = current.configuration.agentsEnvFile else { return [:] }
        let file = try SecretsFile.read(path: path)
        if !file.problems.isEmpty {
            logger.warning("agents_env_file has lines that are not variables; they are skipped",
                           metadata: ["path": "\(path)", "problems": "\(file.problems.map(\.description).joined(separator: "; "))"])
        }
        return file.variables
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
