import AgentControl
import Foundation
import MCP

/// The tools `troupe mcp` offers, each a thin call to the control API with the turn's token.
enum MCPTools {
    private static func schema(_ properties: [String: (type: String, description: String)], required: [String]) -> Value {
        .object([
            "type": "object",
            "properties": .object(properties.mapValues { .object(["type": .string($0.type), "description": .string($0.description)]) }),
            "required": .array(required.map { .string($0) }),
        ])
    }

    static let all: [Tool] = [
        Tool(name: "list_agents", description: "List the agents of this Troupe (name, display name, provider).",
             inputSchema: schema([:], required: [])),
        Tool(name: "ask_agent", description: "Ask another agent and wait for its answer, which is returned as the result.",
             inputSchema: schema([
                "agent": ("string", "The agent's name, e.g. coder."), "message": ("string", "What to ask."),
                "new": ("boolean", "Start a fresh conversation with it."),
             ], required: ["agent", "message"])),
        Tool(name: "ask_agent_async",
             description: "Hand a task to another agent and return at once with a run id. Its answer comes back to you by itself when it is done; do not wait or poll for it.",
             inputSchema: schema([
                "agent": ("string", "The agent's name, e.g. coder."), "message": ("string", "The task, self-contained."),
             ], required: ["agent", "message"])),
        Tool(name: "spawn_subagent",
             description: "Start a sub-agent run on a task and return at once with its run id. The result comes back to you by itself.",
             inputSchema: schema([
                "task": ("string", "What to do, self-contained: the sub-agent does not see this conversation."),
                "agent": ("string", "Which agent does it (default: yourself)."),
                "role": ("string", "Role text the sub-agent reads first."),
                "provider": ("string", "Provider for the run, e.g. codex."), "model": ("string", "Model for the run."),
                "timeout": ("number", "Seconds the run may take."), "token_budget": ("integer", "Tokens the run may use."),
             ], required: ["task"])),
        Tool(name: "list_runs", description: "List the runs you started (and those they started), newest first.",
             inputSchema: schema([:], required: [])),
        Tool(name: "run_info", description: "Everything about one run: state, tokens, result or error.",
             inputSchema: schema(["run": ("string", "The run id.")], required: ["run"])),
        Tool(name: "kill_run", description: "Kill a run and everything it started; run \"all\" kills all of yours.",
             inputSchema: schema(["run": ("string", "The run id, or all.")], required: ["run"])),
        Tool(name: "steer_run", description: "Give a running run a new instruction; it works on it after its current step.",
             inputSchema: schema(["run": ("string", "The run id."), "message": ("string", "The instruction.")], required: ["run", "message"])),
        Tool(name: "ask_parent",
             description: "Inside a sub-agent run only: ask whoever started the run a question and wait for the answer.",
             inputSchema: schema(["question": ("string", "The question.")], required: ["question"])),
        Tool(name: "schedule_add",
             description: "Schedule a job in this chat: on each run you are asked the prompt here and your answer is posted. Only works when the person you are answering may make jobs.",
             inputSchema: schema([
                "schedule": ("string", "A 5-field cron expression (`0 9 * * 1-5`), `every 30m` (at least 10s), or `at 2026-12-24 18:00`; optionally followed by tz=Area/City."),
                "prompt": ("string", "What you will be asked on each run, self-contained."),
             ], required: ["schedule", "prompt"])),
        Tool(name: "schedule_list", description: "List the scheduled jobs of this chat (id, agent, schedule, next run, prompt).",
             inputSchema: schema([:], required: [])),
        Tool(name: "schedule_delete", description: "Delete a scheduled job of this chat by its id.",
             inputSchema: schema(["id": ("string", "The job's id, e.g. j3k4m5p.")], required: ["id"])),
    ]

    struct MissingArgument: Error, CustomStringConvertible {
        let tool: String
        let names: [String]
        var description: String { "\(tool) needs {\(names.joined(separator: ", "))}" }
    }

    /// Runs one tool call and returns its text.
    static func call(_ name: String, _ arguments: [String: Value], client: ControlClient) async throws -> String {
        func string(_ key: String) -> String? { arguments[key]?.stringValue }
        func require(_ keys: String...) throws -> [String] {
            let values = keys.compactMap(string)
            guard values.count == keys.count else { throw MissingArgument(tool: name, names: keys) }
            return values
        }
        switch name {
        case "list_agents":
            return try await client.agents().map { agent in
                "- \(agent.name) (\(agent.displayname), \(agent.provider))" + (agent.you ? " — you" : "")
            }.joined(separator: "\n")
        case "ask_agent":
            let values = try require("agent", "message")
            return try await client.ask(agent: values[0], message: values[1], new: arguments["new"]?.boolValue ?? false)
        case "ask_agent_async":
            let values = try require("agent", "message")
            let run = try await client.askAsync(agent: values[0], message: values[1])
            return "Started run \(run): \(values[0]) is working on it. Its answer will come back to you by itself."
        case "spawn_subagent":
            let task = try require("task")[0]
            var fields: [String: AnyEncodable] = ["task": .init(task)]
            for key in ["agent", "role", "provider", "model"] { if let value = string(key) { fields[key] = .init(value) } }
            if let timeout = arguments["timeout"].flatMap({ $0.doubleValue ?? $0.intValue.map(Double.init) }) { fields["timeout"] = .init(timeout) }
            if let budget = arguments["token_budget"]?.intValue { fields["token_budget"] = .init(budget) }
            let run = try await client.spawn(fields)
            return "Started run \(run.id) (\(run.agent), \(run.state)). Its result will come back to you by itself."
        case "list_runs":
            let runs = try await client.runs()
            return runs.isEmpty ? "No runs." : runs.map(RunText.line).joined(separator: "\n")
        case "run_info":
            return RunText.details(try await client.run(try require("run")[0]))
        case "kill_run":
            let killed = try await client.kill(try require("run")[0])
            return killed.isEmpty ? "Nothing was running." : "Killed: " + killed.map(\.id).joined(separator: ", ")
        case "steer_run":
            let values = try require("run", "message")
            let run = try await client.steer(values[0], message: values[1])
            return "Run \(run.id) (\(run.state)) will work on that next."
        case "ask_parent":
            return try await client.askParent(try require("question")[0])
        case "schedule_add":
            let values = try require("schedule", "prompt")
            return try await client.scheduleAdd(schedule: values[0], prompt: values[1])
        case "schedule_list":
            return try await client.scheduleList()
        case "schedule_delete":
            return try await client.scheduleDelete(try require("id")[0])
        default:
            throw MissingArgument(tool: name, names: [])
        }
    }
}
