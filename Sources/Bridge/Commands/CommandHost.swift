import Agents
import Foundation

/// What the commands need from the transport they run on, beyond the agent runtime: the parts that
/// differ between Matrix and Telegram (users, rooms, membership).
public protocol CommandHost: Sendable {
    var runtime: AgentRuntime { get }
    /// Creates the agent's identity on this transport and gives `requester` access to it.
    func agentAdded(_ name: String, requester: String) async throws -> String
    /// Removes the agent's presence (leaves rooms); history stays unless `purge`.
    func agentRemoved(_ name: String, purge: Bool) async throws -> String
    /// Rooms (chats) each agent is in, by agent name, as display strings.
    func whereabouts() async -> [String: [String]]
    /// The addressed agent leaves the chat the command came from.
    func leave(agent: String, chat: String) async throws -> String
    /// One line per agent: reachable or not, and why.
    func health(of agent: String) async -> String
    /// The agents' end-to-end encryption devices, for admins.
    func cryptoStatus() async -> String
    /// Accepts a user's new cross-signing identity (their master key changed), for admins.
    func trustIdentity(of user: String) async -> String
}

extension CommandHost {
    public func cryptoStatus() async -> String { "This transport has no end-to-end encryption." }
    public func trustIdentity(of user: String) async -> String { "This transport has no end-to-end encryption." }

    /// Whether the agent's provider can run here; the same on every transport.
    public func health(of agent: String) async -> String {
        guard let definition = await runtime.agents()[agent] else { return "unknown" }
        let providers = runtime.configuration.resolvedProviders
        guard let provider = providers[definition.provider] else { return "⚠️ provider \(definition.provider) is not configured" }
        if let command = provider.settings.command, provider.kind != .openai {
            return Doctor.findExecutable(command, path: ProcessInfo.processInfo.environment["PATH"]) == nil ? "⚠️ \(command) not found" : "ready"
        }
        return "ready"
    }
}
