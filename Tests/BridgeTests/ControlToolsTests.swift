import Agents
import Foundation
import GRDB
import Hummingbird
import Logging
import Testing
@testable import AgentControl
@testable import Bridge

/// The agent-side tools end to end: fake CLIs run the real `troupe spawn`, `troupe ask --async`, `troupe runs …`
/// and `troupe mcp` (built into .build/debug by `swift build --build-tests`) against a live control API.
private struct LiveTools {
    let runtime: AgentRuntime
    let runs: RunManager
    let sink: Sink
    let app: Application<RouterResponder<ControlRequestContext>>

    actor Sink: ResultSink {
        private(set) var delivered: [RunResultDelivery] = []
        func deliver(_ delivery: RunResultDelivery) async throws { delivered.append(delivery) }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init() async throws {
        let troupe = Self.repository.appendingPathComponent(".build/debug/troupe").path
        guard FileManager.default.isExecutableFile(atPath: troupe) else {
            throw SetupFailure(description: "\(troupe) is missing; build with `swift build --build-tests` first")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-tools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try DatabaseQueue()
        try AgentsSchema.migrate(database)
        let port = try freeLoopbackPort()
        let tokens = ControlTokens(controlURL: "http://127.0.0.1:\(port)", troupeBinary: troupe)
        let fakes = Self.repository.appendingPathComponent("Tests/Fixtures/fake-cli")
        let fake = fakes.appendingPathComponent("claude").path
        func provider(_ scenario: String) -> ProviderSettings {
            ProviderSettings(kind: .claude, command: fake, env: ["FAKE_SCENARIO": scenario])
        }
        let config = AgentsConfiguration(
            agents: [
                "main": AgentDefinition(provider: "claude"), "coder": AgentDefinition(provider: "claude"),
                "asker": AgentDefinition(provider: "asking"), "hanger": AgentDefinition(provider: "hanging"),
                "cx": AgentDefinition(provider: "codex"), "gm": AgentDefinition(provider: "gemini"),
            ],
            providers: [
                "claude": provider("normal"), "asking": provider("ask_parent"), "hanging": provider("hang"),
                "codex": ProviderSettings(command: fakes.appendingPathComponent("codex").path),
                "gemini": ProviderSettings(command: fakes.appendingPathComponent("gemini").path),
            ],
            runtime: RuntimeSettings(maxConcurrentTurns: 8, turnTimeout: 120, timeoutWarning: 0, killGrace: 0.5))
        runtime = try AgentRuntime(configuration: config, database: database,
                                   dataDirectory: directory.appendingPathComponent("data"), runObserver: tokens)
        runs = RunManager(runtime: runtime, database: database)
        sink = Sink()
        try await runs.start(sink: sink)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        app = Application(
            router: ControlAPI(runtime: runtime, tokens: tokens, logger: logger, runs: runs, delegationChat: ChatAddress.delegationChat).router(),
            configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }

    /// Runs `body` while the control API listens.
    func serving(_ body: @Sendable (LiveTools) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            try await body(self)
            group.cancelAll()
        }
    }

    /// One turn of `agent` in the test chat; its final text.
    func ask(_ text: String, agent: String = "main") async throws -> String {
        let turn = await runtime.submit(agent: agent, chat: "test:tools", text: text)
        for await event in turn.events {
            if case .finished(let result) = event { return result.text }
            if case .failed(let error) = event { throw SetupFailure(description: "turn failed: \(error)") }
        }
        throw SetupFailure(description: "turn ended without an answer")
    }

    /// The run id in a "Started run rXXXXXXXX …" answer.
    static func runID(in answer: String) throws -> RunID {
        let words = answer.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "," || $0 == "(" })
        guard let index = words.firstIndex(of: "run"), index + 1 < words.count else {
            throw SetupFailure(description: "no run id in: \(answer)")
        }
        return RunID(rawValue: String(words[index + 1]))
    }
}

private struct SetupFailure: Error, CustomStringConvertible {
    let description: String
}

/// A port nothing listens on right now, below the kernel's ephemeral range (32768 and up): the API binds it only later,
/// and a port handed out for a bind to port 0 could meanwhile go to another test's server running in parallel.
private func freeLoopbackPort() throws -> Int {
    for _ in 0..<200 {
        let port = Int.random(in: 20_000..<32_000)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SetupFailure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        if bound { return port }
    }
    throw SetupFailure(description: "no free port between 20000 and 32000")
}

@Suite(.serialized) struct ControlToolsTests {
    @Test func shellToolsSpawnAskAsyncListAndKill() async throws {
        let live = try await LiveTools()
        try await live.serving { live in
            let spawned = try await live.ask("scenario:spawn check the logs")
            #expect(spawned.hasPrefix("tool: Started run r"), "\(spawned)")
            let spawnedRun = try await live.runs.waitUntilFinished(try LiveTools.runID(in: spawned))
            #expect(spawnedRun.state == .completed && spawnedRun.agent == "main" && spawnedRun.task == "check the logs")

            let asked = try await live.ask("scenario:ask_async coder summarize the diff")
            #expect(asked.hasPrefix("tool: Started run r"), "\(asked)")
            let askedRun = try await live.runs.waitUntilFinished(try LiveTools.runID(in: asked))
            #expect(askedRun.agent == "coder" && askedRun.task == "summarize the diff" && askedRun.state == .completed)
            #expect(askedRun.routing.agent == "main" && askedRun.routing.chat == "test:tools")

            let listed = try await live.ask("scenario:runs_list")
            #expect(listed.contains(spawnedRun.id.rawValue) && listed.contains(askedRun.id.rawValue), "\(listed)")

            let hanging = try await live.runs.spawn(RunRequest(agent: "hanger", task: "wait", routing: RunRouting(agent: "main", chat: "test:tools")))
            let killed = try await live.ask("scenario:runs_kill_all")
            #expect(killed == "tool: Killed: \(hanging.id)", "\(killed)")
            #expect(try await live.runs.run(hanging.id)?.state == .cancelled)
        }
    }

    @Test func codexAndGeminiReachTheRunToolsThroughTheShell() async throws {
        let live = try await LiveTools()
        try await live.serving { live in
            for agent in ["cx", "gm"] {
                let answer = try await live.ask("scenario:spawn note it down", agent: agent)
                #expect(answer.hasPrefix("tool: Started run r"), "\(agent): \(answer)")
                let run = try await live.runs.waitUntilFinished(try LiveTools.runID(in: answer))
                #expect(run.agent == agent && run.routing.agent == agent && run.state == .completed)
                #expect(run.task == "note it down")
            }
        }
    }

    @Test func aRunAsksItsParentThroughTheShellTool() async throws {
        let live = try await LiveTools()
        try await live.serving { live in
            let run = try await live.runs.spawn(RunRequest(agent: "asker", task: "decide", routing: RunRouting(agent: "main", chat: "test:tools")))
            let ended = try await live.runs.waitUntilFinished(run.id)
            #expect(ended.state == .completed)
            // main answered the question in its chat; the fake echoes the question prompt it got.
            #expect(ended.result?.hasPrefix("tool: echo: [Troupe] Your sub-agent asker") == true, "\(ended.result ?? "-")")
        }
    }

    @Test func mcpToolsSpawnListInspectAndKill() async throws {
        let live = try await LiveTools()
        try await live.serving { live in
            let spawned = try await live.ask(#"scenario:mcp_tool spawn_subagent {"task":"tidy up","agent":"coder","role":"janitor"}"#)
            #expect(spawned.hasPrefix("tool: Started run r"), "\(spawned)")
            let run = try await live.runs.waitUntilFinished(try LiveTools.runID(in: spawned))
            #expect(run.agent == "coder" && run.role == "janitor" && run.state == .completed)

            let listed = try await live.ask("scenario:mcp_tool list_runs {}")
            #expect(listed.contains(run.id.rawValue) && listed.contains("tidy up"), "\(listed)")
            let info = try await live.ask(#"scenario:mcp_tool run_info {"run":"\#(run.id)"}"#)
            #expect(info.contains("run \(run.id): completed"), "\(info)")

            let asked = try await live.ask(#"scenario:mcp_tool ask_agent_async {"agent":"coder","message":"look around"}"#)
            #expect(asked.hasPrefix("tool: Started run r"), "\(asked)")
            _ = try await live.runs.waitUntilFinished(try LiveTools.runID(in: asked))

            let hanging = try await live.runs.spawn(RunRequest(agent: "hanger", task: "wait", routing: RunRouting(agent: "main", chat: "test:tools")))
            let killed = try await live.ask(#"scenario:mcp_tool kill_run {"run":"all"}"#)
            #expect(killed == "tool: Killed: \(hanging.id)", "\(killed)")

            let refused = try await live.ask(#"scenario:mcp_tool ask_parent {"question":"why"}"#)
            #expect(refused.hasPrefix("tool failed:") && refused.contains("not_a_run"), "\(refused)")
            let missing = try await live.ask("scenario:mcp_tool steer_run {}")
            #expect(missing.hasPrefix("tool failed:") && missing.contains("steer_run needs"), "\(missing)")
        }
    }
}
