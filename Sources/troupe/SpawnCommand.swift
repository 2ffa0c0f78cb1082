import ArgumentParser
import Foundation

struct SpawnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spawn",
        abstract: "Start a sub-agent run (runs inside an agent's turn).",
        discussion: """
            Returns at once with the run id. When the run finishes, its result comes back to you by itself: \
            inside a run, as your next instruction; in a chat, as a message you then answer the user from. \
            See `troupe runs` to follow, steer or kill it.
            """)

    @Argument(help: "What the sub-agent should do; quote it.") var task: String
    @Option(help: "Which agent does the work (default: yourself).") var agent: String?
    @Option(help: "Role text the sub-agent reads before the task.") var role: String?
    @Option(help: "Provider for the run, e.g. codex.") var provider: String?
    @Option(help: "Model for the run.") var model: String?
    @Option(help: "Seconds the run may take (at most runtime.runs.run_timeout).") var timeout: Double?
    @Option(name: .customLong("token-budget"), help: "Tokens the run may use (at most runtime.runs.token_budget).")
    var tokenBudget: Int?

    func run() async throws {
        do {
            let client = try ControlClient.fromEnvironment(command: "troupe spawn")
            var fields: [String: AnyEncodable] = ["task": .init(task)]
            if let agent { fields["agent"] = .init(agent) }
            if let role { fields["role"] = .init(role) }
            if let provider { fields["provider"] = .init(provider) }
            if let model { fields["model"] = .init(model) }
            if let timeout { fields["timeout"] = .init(timeout) }
            if let tokenBudget { fields["token_budget"] = .init(tokenBudget) }
            let run = try await client.spawn(fields)
            print("Started run \(run.id) (\(run.agent), \(run.state)). Its result will come back to you by itself.")
        } catch {
            throw ToolFailure.exit("troupe spawn", error)
        }
    }
}
