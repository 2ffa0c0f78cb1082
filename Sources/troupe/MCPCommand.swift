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
            instructions: "Tools to reach the other agents of this Troupe and to run sub-agents.",
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: MCPTools.all) }
        await server.withMethodHandler(CallTool.self) { params in
            func text(_ value: String, error: Bool = false) -> CallTool.Result {
                .init(content: [.text(text: value, annotations: nil, _meta: nil)], isError: error)
            }
            guard MCPTools.all.contains(where: { $0.name == params.name }) else {
                return text("unknown tool \(params.name) (tools: \(MCPTools.all.map(\.name).joined(separator: ", ")))", error: true)
            }
            do {
                let client = try ControlClient.fromEnvironment(command: "troupe mcp")
                return text(try await MCPTools.call(params.name, params.arguments ?? [:], client: client))
            } catch {
                return text("\(error)", error: true)
            }
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }
}
