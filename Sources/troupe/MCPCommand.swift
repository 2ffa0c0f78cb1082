import ArgumentParser
import Foundation
import MCP

/// `troupe mcp`: a stdio MCP server that CLIs with MCP support start; its tools call the control API
/// with the token of the turn the CLI runs in.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve Troupe's agent tools over MCP on stdin/stdout (started by an agent's CLI).")

    func run() async throws {
        let server = Server(
            name: "troupe", version: Troupe.configuration.version,
            instructions: "Tools to reach the other agents of this Troupe.",
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in
            .init(tools: [
                Tool(name: "list_agents", description: "List the agents of this Troupe (name, display name, provider).",
                     inputSchema: .object(["type": "object", "properties": .object([:])])),
                Tool(name: "ask_agent",
                     description: "Ask another agent and wait for its answer, which is returned as the result.",
                     inputSchema: .object([
                        "type": "object",
                        "properties": .object([
                            "agent": .object(["type": "string", "description": "The agent's name, e.g. coder."]),
                            "message": .object(["type": "string", "description": "What to ask."]),
                            "new": .object(["type": "boolean", "description": "Start a fresh conversation with it."]),
                        ]),
                        "required": .array(["agent", "message"]),
                     ])),
            ])
        }
        await server.withMethodHandler(CallTool.self) { params in
            func text(_ value: String, error: Bool = false) -> CallTool.Result {
                .init(content: [.text(text: value, annotations: nil, _meta: nil)], isError: error)
            }
            do {
                let client = try ControlClient.fromEnvironment(command: "troupe mcp")
                switch params.name {
                case "list_agents":
                    let lines = try await client.agents().map { agent in
                        "- \(agent.name) (\(agent.displayname), \(agent.provider))" + (agent.you ? " — you" : "")
                    }
                    return text(lines.joined(separator: "\n"))
                case "ask_agent":
                    guard let agent = params.arguments?["agent"]?.stringValue,
                          let message = params.arguments?["message"]?.stringValue
                    else { return text("ask_agent needs {agent, message}", error: true) }
                    let new = params.arguments?["new"]?.boolValue ?? false
                    return text(try await client.ask(agent: agent, message: message, new: new))
                default:
                    return text("unknown tool \(params.name)", error: true)
                }
            } catch {
                return text("\(error)", error: true)
            }
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }
}
