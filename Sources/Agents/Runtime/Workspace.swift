import Foundation

/// An agent's working directory and the rule files the CLIs read from it.
/// Every CLI gets the same text (CLAUDE.md, AGENTS.md, GEMINI.md) so switching
/// provider keeps the agent's sense of who it is.
enum Workspace {
    /// First line of generated files; a user who deletes it takes the file over.
    static let generatedMarker = "<!-- troupe:generated (Troupe rewrites this file; delete this line to keep your edits) -->"

    static func directory(for agent: String, definition: AgentDefinition, dataDirectory: URL) -> URL {
        guard let configured = definition.workspace else {
            return dataDirectory.appendingPathComponent("agents/\(agent)/workspace", isDirectory: true)
        }
        if configured.hasPrefix("/") { return URL(fileURLWithPath: configured, isDirectory: true) }
        return dataDirectory.appendingPathComponent(configured, isDirectory: true)
    }

    static func geminiSystemPromptFile(in workspace: URL) -> URL {
        workspace.appendingPathComponent(".troupe/gemini-system.md")
    }

    /// Creates the directory and (re)writes the generated files. Cheap enough to call per turn start.
    static func prepare(agent: String, definition: AgentDefinition, otherAgents: [String: AgentDefinition], dataDirectory: URL) throws -> URL {
        let directory = directory(for: agent, definition: definition, dataDirectory: dataDirectory)
        let fm = FileManager.default
        if !fm.fileExists(atPath: directory.path) {
            // A workspace Troupe creates is private; one the operator points at (an existing checkout) keeps its mode.
            try PrivateFiles.createDirectory(directory)
        }
        let rules = ruleText(agent: agent, definition: definition, otherAgents: otherAgents, shared: sharedNotes(in: dataDirectory))
        for kind in ProviderKind.allCases {
            guard let fileName = kind.ruleFileName else { continue }
            try writeIfGenerated(rules, to: directory.appendingPathComponent(fileName))
        }
        if let prompt = definition.systemPrompt, !prompt.isEmpty {
            let file = geminiSystemPromptFile(in: directory)
            try fm.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try writeIfGenerated(prompt, to: file, marker: false)
        }
        return directory
    }

    private static func writeIfGenerated(_ text: String, to file: URL, marker: Bool = true) throws {
        let content = marker ? generatedMarker + "\n" + text : text
        if let existing = try? String(contentsOf: file, encoding: .utf8) {
            if existing == content { return }
            if marker && !existing.hasPrefix(generatedMarker) { return }
        }
        try content.write(to: file, atomically: true, encoding: .utf8)
    }

    /// `SHARED.md` at the data root: facts about the people and the project, written once for every agent.
    static func sharedNotesFile(in dataDirectory: URL) -> URL { dataDirectory.appendingPathComponent("SHARED.md") }

    /// At most this much of SHARED.md goes into each agent's instructions; the rest is cut with a note.
    static let sharedNotesLimit = 32 * 1024

    static func sharedNotes(in dataDirectory: URL) -> String? {
        guard let text = try? String(contentsOf: sharedNotesFile(in: dataDirectory), encoding: .utf8) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.utf8.count > sharedNotesLimit else { return trimmed }
        let cut = String(decoding: trimmed.utf8.prefix(sharedNotesLimit), as: UTF8.self)
        return cut + "\n\n(SHARED.md is longer; the rest is in \(sharedNotesFile(in: dataDirectory).path).)"
    }

    static func ruleText(agent: String, definition: AgentDefinition, otherAgents: [String: AgentDefinition], shared: String? = nil) -> String {
        let name = definition.displayname ?? agent
        var text = """
        # You are \(name) (`\(agent)`)

        You are an agent hosted by Troupe. People talk to you in a chat (Matrix or Telegram); \
        your final answer is posted there as a message, so keep it focused and use Markdown.

        """
        if let role = definition.systemPrompt, !role.isEmpty {
            text += "\n## Role\n\n\(role)\n"
        }
        text += """

        ## Environment

        - This directory is your workspace; it persists between conversations.
        - `TROUPE_AGENT` holds your agent name and `TROUPE_CHAT` the chat you are answering.
        - Files people send are saved on disk; the message gives their paths.

        ## Tools

        You have the tools of the CLI you run in (shell, file editing, search), and Troupe's own:

        - **Ask another agent** and wait for its answer: run `"$TROUPE_BIN" ask AGENT "MESSAGE"` in the shell \
        (add `--new` for a fresh conversation with it); the answer is printed on stdout. If your CLI lists \
        Troupe's MCP tools, `ask_agent` does the same and `list_agents` lists the agents.
        - An agent that is waiting for your answer cannot be asked back; answer it instead.
        - **Hand off without waiting**: `"$TROUPE_BIN" ask --async AGENT "TASK"` (MCP: `ask_agent_async`) or `"$TROUPE_BIN" spawn "TASK" [--agent A] [--role R] [--provider P] [--model M] [--timeout S] [--token-budget N]` (MCP: `spawn_subagent`) start a sub-agent run and return its id at once. Write the task self-contained: the sub-agent does not see this conversation. Its result comes back to you by itself later; do not poll.
        - **Your runs**: `"$TROUPE_BIN" runs [list|info ID|kill ID|kill all|steer ID "TEXT"]` (MCP: `list_runs`, `run_info`, `kill_run`, `steer_run`).
        - **Inside a run** (`TROUPE_CHAT` starts with `run:`): `"$TROUPE_BIN" runs ask-parent "QUESTION"` (MCP: `ask_parent`) asks whoever started the run and waits for the answer.
        - **Scheduled jobs** in the chat you are answering (MCP: `schedule_add` with a schedule such as `0 9 * * 1-5`, `every 2h` or `at 2026-12-24 18:00` and a prompt, `schedule_list`, `schedule_delete`): each run asks you the prompt there. Only people allowed to make jobs can have you make one.

        ## Heartbeats

        A message labelled as a heartbeat asks you to check on something regularly. If there is nothing worth telling \
        the chat, answer exactly `\(HeartbeatMarker.nothingToReport)` and nothing else: that answer is not posted. \
        Anything else you answer is posted.

        """
        if let shared {
            text += "\n## Shared notes (SHARED.md, the same for every agent)\n\n\(shared)\n"
        }
        let others = otherAgents.keys.filter { $0 != agent }.sorted()
        if !others.isEmpty {
            text += "\n## Other agents in this Troupe\n\n"
            for other in others {
                let def = otherAgents[other]!
                text += "- `\(other)`" + (def.displayname.map { " (\($0))" } ?? "") + " on \(def.provider)\n"
            }
        }
        return text
    }
}
