import Agents
import Foundation

/// What the commands need from the transport they run on, beyond the agent runtime: the parts that
/// differ between Matrix and Telegram (users, rooms, membership). Answers are written with `text`, the chat's language.
public protocol CommandHost: Sendable {
    var runtime: AgentRuntime { get }
    /// Creates the agent's identity on this transport and gives `requester` access to it.
    func agentAdded(_ name: String, requester: String, text: Localizer) async throws -> String
    /// Removes the agent's presence (leaves rooms); history stays unless `purge`.
    func agentRemoved(_ name: String, purge: Bool, text: Localizer) async throws -> String
    /// Rooms (chats) each agent is in, by agent name, as display strings.
    func whereabouts(text: Localizer) async -> [String: [String]]
    /// The addressed agent leaves the chat the command came from.
    func leave(agent: String, chat: String, text: Localizer) async throws -> String
    /// One line per agent: reachable or not, and why.
    func health(of agent: String, text: Localizer) async -> String
    /// The agents' end-to-end encryption devices, for admins.
    func cryptoStatus(text: Localizer) async -> String
    /// Accepts a user's new cross-signing identity (their master key changed), for admins.
    func trustIdentity(of user: String, text: Localizer) async -> String
}

extension CommandHost {
    public func cryptoStatus(text: Localizer) async -> String { text.noEncryption }
    public func trustIdentity(of user: String, text: Localizer) async -> String { text.noEncryption }

    /// Whether the agent's provider can run here; the same on every transport.
    public func health(of agent: String, text: Localizer) async -> String {
        guard let definition = await runtime.agents()[agent] else { return text.healthUnknown }
        let providers = runtime.configuration.resolvedProviders
        guard let provider = providers[definition.provider] else { return text.healthNoProvider(definition.provider) }
        if let command = provider.settings.command, provider.kind != .openai {
            return Doctor.findExecutable(command, path: ProcessInfo.processInfo.environment["PATH"]) == nil
                ? text.healthNotFound(command) : text.healthReady
        }
        return text.healthReady
    }
}
