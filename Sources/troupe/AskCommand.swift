import ArgumentParser
import Foundation

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask another agent and print its answer (runs inside an agent's turn).",
        discussion: """
            Without --async, blocks until AGENT has answered, then prints the answer on stdout. Uses TROUPE_CONTROL_URL and \
            TROUPE_TOKEN, which Troupe sets for every agent turn; errors go to stderr with a non-zero exit.
            """)

    @Argument(help: "The agent to ask, e.g. coder.") var agent: String
    @Argument(help: "What to ask; quote it.") var message: String
    @Flag(help: "Start a fresh conversation with the agent instead of continuing the last one.") var new = false
    @Flag(name: .customLong("async"), help: "Return at once with a run id; the answer comes back to this chat when AGENT is done.")
    var isAsync = false

    func run() async throws {
        do {
            let client = try ControlClient.fromEnvironment(command: "troupe ask")
            if isAsync {
                let run = try await client.askAsync(agent: agent, message: message)
                print("Started run \(run): \(agent) is working on it; its answer will come back to this chat by itself.")
            } else {
                print(try await client.ask(agent: agent, message: message, new: new))
            }
        } catch {
            throw ToolFailure.exit("troupe ask", error)
        }
    }
}
