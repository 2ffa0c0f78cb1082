import Agents
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import AgentControl
@testable import Bridge

/// `main`, `coder` (answer at once) and `hanger` (never finishes) on the fake Claude CLI, a run manager
/// delivering to a recording sink, and the control API over them.
private struct RunsHarness {
    let runtime: AgentRuntime
    let tokens: ControlTokens
    let runs: RunManager
    let sink: Sink
    let app: Application<RouterResponder<ControlRequestContext>>

    actor Sink: ResultSink {
        private(set) var delivered: [RunResultDelivery] = []
        func deliver(_ delivery: RunResultDelivery) async throws { delivered.append(delivery) }
    }

    init(runSettings: RunSettings = RunSettings(), withRuns: Bool = true) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try DatabaseQueue()
        try AgentsSchema.migrate(database)
        tokens = ControlTokens(controlURL: "http://127.0.0.1:1", troupeBinary: "/nonexistent/troupe")
        let fake = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake-cli/claude").path
        let config = AgentsConfiguration(
            agents: [
                "main": AgentDefinition(provider: "claude"), "coder": AgentDefinition(provider: "claude"),
                "hanger": AgentDefinition(provider: "hanging"),
            ],
            providers: [
                "claude": ProviderSettings(command: fake),
                "hanging": ProviderSettings(kind: .claude, command: fake, env: ["FAKE_SCENARIO": "hang"]),
            ],
            runtime: RuntimeSettings(maxConcurrentTurns: 8, turnTimeout: 60, timeoutWarning: 0, killGrace: 0.5, runs: runSettings))
        runtime = try AgentRuntime(configuration: config, database: database,
                                   dataDirectory: directory.appendingPathComponent("data"), runObserver: tokens)
        runs = RunManager(runtime: runtime, database: database)
        sink = Sink()
        try await runs.start(sink: sink)
        app = Application(router: ControlAPI(
            runtime: runtime, tokens: tokens, logger: .init(label: "test"), runs: withRuns ? runs : nil,
            routing: { agent, chat in RunRouting(agent: agent, chat: chat, origin: "origin-of-\(chat)", user: "@alice:test") },
            delegationChat: ChatAddress.delegationChat
        ).router())
    }

    func token(_ agent: String, _ chat: ChatKey) async -> String {
        await tokens.mint(agent: agent, chat: chat, run: TurnID(rawValue: UUID().uuidString))
    }
}

private func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

private func json(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
}

private func body(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object))
}

/// Waits for the run's delivery to settle; fails instead of hanging.
private func delivered(_ id: String, _ runs: RunManager, timeout: Double = 30) async throws -> Run {
    let updates = await runs.updates()
    if let run = try await runs.run(RunID(rawValue: id)), run.delivery == .delivered || run.delivery == .deliveryFailed { return run }
    return try await withThrowingTaskGroup(of: Run?.self) { group in
        group.addTask {
            for await update in updates { if case .delivery(let run) = update, run.id.rawValue == id { return run } }
            return nil
        }
        group.addTask {
            try await Task.sleep(for: .seconds(timeout))
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let run = first else { throw CancellationError() }
        return run
    }
}

@Suite struct ControlRunsTests {
    @Test func asyncAskReturnsARunAtOnceAndTheAnswerReachesTheCallersChat() async throws {
        let h = try await RunsHarness()
        let token = await h.token("main", "matrix:!a")
        try await h.app.test(.live) { client in
            let response = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(token),
                                                    body: body(["agent": "coder", "message": "hello", "async": true]))
            #expect(response.status == .ok)
            let id = try #require(json(response)["run"] as? String)
            #expect(json(response)["agent"] as? String == "coder")
            let run = try await delivered(id, h.runs)
            #expect(run.state == .completed)
            #expect(run.routing == RunRouting(agent: "main", chat: "matrix:!a", origin: "origin-of-matrix:!a", user: "@alice:test"))
            let got = await h.sink.delivered
            #expect(got.count == 1)
            #expect(got.first?.routing.chat == "matrix:!a")
            #expect(got.first?.text.contains("A task you handed off") == true)
        }
    }

    @Test func runsAreVisibleOnlyToTheAgentAndChatThatStartedThem() async throws {
        let h = try await RunsHarness()
        let main = await h.token("main", "matrix:!a")
        let coder = await h.token("coder", "matrix:!a")
        let mainElsewhere = await h.token("main", "matrix:!b")
        try await h.app.test(.live) { client in
            let spawned = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main),
                                                   body: body(["task": "wait", "agent": "hanger"]))
            #expect(spawned.status == .ok)
            let id = try #require(json(spawned)["id"] as? String)
            #expect(json(spawned)["requested_by"] as? String == "main")

            for other in [coder, mainElsewhere] {
                let list = try await client.execute(uri: "/v1/runs", method: .get, headers: bearer(other))
                #expect((json(list)["runs"] as? [Any])?.isEmpty == true)
                for (uri, method) in [("/v1/runs/\(id)", HTTPRequest.Method.get), ("/v1/runs/\(id)/kill", .post)] {
                    let response = try await client.execute(uri: uri, method: method, headers: bearer(other), body: body([:]))
                    #expect(response.status == .notFound)
                    #expect(json(response)["error"] as? String == "unknown_run")
                }
                let steer = try await client.execute(uri: "/v1/runs/\(id)/steer", method: .post, headers: bearer(other),
                                                     body: body(["message": "stop"]))
                #expect(steer.status == .notFound)
                let none = try await client.execute(uri: "/v1/runs/all/kill", method: .post, headers: bearer(other), body: body([:]))
                #expect((json(none)["killed"] as? [Any])?.isEmpty == true)
            }
            #expect(try await h.runs.run(RunID(rawValue: id))?.state.isActive == true)

            let list = try await client.execute(uri: "/v1/runs", method: .get, headers: bearer(main))
            #expect((json(list)["runs"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            let steer = try await client.execute(uri: "/v1/runs/\(id)/steer", method: .post, headers: bearer(main),
                                                 body: body(["message": "hurry"]))
            #expect(steer.status == .ok)
            let killed = try await client.execute(uri: "/v1/runs/all/kill", method: .post, headers: bearer(main), body: body([:]))
            #expect((json(killed)["killed"] as? [[String: Any]])?.map { $0["state"] as? String } == ["cancelled"])
        }
    }

    @Test func aTokenStopsWorkingWhenItsTurnEnds() async throws {
        let h = try await RunsHarness()
        let run = TurnID(rawValue: "turn-1")
        let token = await h.tokens.mint(agent: "main", chat: "matrix:!a", run: run)
        await h.tokens.runEnded(run: run)
        try await h.app.test(.live) { client in
            for (uri, method) in [("/v1/runs", HTTPRequest.Method.get), ("/v1/spawn", .post), ("/v1/runs/all/kill", .post),
                                  ("/v1/ask_parent", .post)] {
                let response = try await client.execute(uri: uri, method: method, headers: bearer(token),
                                                        body: body(["task": "x", "question": "y"]))
                #expect(response.status == .unauthorized)
            }
        }
        #expect(await h.runs.activeRuns.isEmpty)
    }

    @Test func aSubAgentSpawnsChildrenOfItsOwnRunWithinTheLimits() async throws {
        let h = try await RunsHarness(runSettings: RunSettings(maxDepth: 2))
        let main = await h.token("main", "matrix:!a")
        try await h.app.test(.live) { client in
            let top = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main),
                                               body: body(["task": "lead", "agent": "hanger"]))
            let topID = try #require(json(top)["id"] as? String)
            let inside = await h.token("hanger", Run.chat(for: RunID(rawValue: topID)))
            let child = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(inside),
                                                 body: body(["task": "help", "agent": "hanger"]))
            #expect(child.status == .ok)
            #expect(json(child)["parent"] as? String == topID)
            #expect(json(child)["depth"] as? Int == 2)
            let childID = try #require(json(child)["id"] as? String)

            let grandInside = await h.token("hanger", Run.chat(for: RunID(rawValue: childID)))
            let tooDeep = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(grandInside),
                                                   body: body(["task": "more"]))
            #expect(tooDeep.status == .tooManyRequests)
            #expect((json(tooDeep)["message"] as? String)?.contains("runtime.runs.max_depth") == true)

            // The child is visible from the parent's run and from the chat that started the chain.
            for token in [inside, main] {
                let info = try await client.execute(uri: "/v1/runs/\(childID)", method: .get, headers: bearer(token))
                #expect(info.status == .ok)
            }
            // The child cannot reach its parent.
            let up = try await client.execute(uri: "/v1/runs/\(topID)/kill", method: .post, headers: bearer(grandInside), body: body([:]))
            #expect(up.status == .notFound)

            let killed = try await client.execute(uri: "/v1/runs/\(topID)/kill", method: .post, headers: bearer(main), body: body([:]))
            #expect(Set((json(killed)["killed"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []) == [topID, childID])
        }
    }

    @Test func askParentIsAnsweredByTheRequesterAndRefusedOutsideARun() async throws {
        let h = try await RunsHarness()
        let main = await h.token("main", "matrix:!a")
        let run = try await h.runs.spawn(RunRequest(agent: "hanger", task: "wait", routing: RunRouting(agent: "main", chat: "matrix:!a")))
        let inside = await h.token("hanger", run.chat)
        try await h.app.test(.live) { client in
            let answer = try await client.execute(uri: "/v1/ask_parent", method: .post, headers: bearer(inside),
                                                  body: body(["question": "which branch"]))
            #expect(answer.status == .ok)
            #expect((json(answer)["text"] as? String)?.contains("which branch") == true)
            let outside = try await client.execute(uri: "/v1/ask_parent", method: .post, headers: bearer(main),
                                                   body: body(["question": "which branch"]))
            #expect(outside.status == .conflict)
            #expect(json(outside)["error"] as? String == "not_a_run")
        }
        _ = try await h.runs.kill(run.id)
    }

    @Test func badRequestsGetClearErrors() async throws {
        let h = try await RunsHarness()
        let main = await h.token("main", "matrix:!a")
        try await h.app.test(.live) { client in
            let garbage = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main), body: ByteBuffer(string: "{"))
            #expect(garbage.status == .badRequest)
            #expect((json(garbage)["message"] as? String)?.contains("task") == true)
            let empty = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main), body: body(["task": " "]))
            #expect(empty.status == .badRequest)
            let ghost = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main), body: body(["task": "x", "agent": "ghost"]))
            #expect(ghost.status == .notFound)
            let provider = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main),
                                                    body: body(["task": "x", "provider": "nope"]))
            #expect(provider.status == .badRequest)
            let missing = try await client.execute(uri: "/v1/runs/rnothing", method: .get, headers: bearer(main))
            #expect(missing.status == .notFound)
        }
        #expect(try await h.runs.list().isEmpty)
    }

    @Test func withoutARunManagerRunEndpointsSayUnavailable() async throws {
        let h = try await RunsHarness(withRuns: false)
        let main = await h.token("main", "matrix:!a")
        try await h.app.test(.live) { client in
            let spawn = try await client.execute(uri: "/v1/spawn", method: .post, headers: bearer(main), body: body(["task": "x"]))
            #expect(spawn.status == .serviceUnavailable)
            #expect(json(spawn)["error"] as? String == "runs_disabled")
            let ask = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(main),
                                               body: body(["agent": "coder", "message": "x", "async": true]))
            #expect(ask.status == .serviceUnavailable)
        }
    }
}
