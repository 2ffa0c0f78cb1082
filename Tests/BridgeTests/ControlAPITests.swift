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

private let fakeCLIDirectory: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fake-cli").path
}()

/// A runtime with `main` and `coder` on the fake Claude CLI, its tokens, and the control API over them.
private struct ControlHarness {
    let runtime: AgentRuntime
    let tokens: ControlTokens
    let app: Application<RouterResponder<ControlRequestContext>>
    let directory: URL

    init(command: String = fakeCLIDirectory + "/claude", maxConcurrentTurns: Int = 4) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-control-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try DatabaseQueue()
        try AgentsSchema.migrate(database)
        tokens = ControlTokens(controlURL: "http://127.0.0.1:1", troupeBinary: "/nonexistent/troupe")
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "claude"), "coder": AgentDefinition(provider: "claude", displayname: "Coder")],
            providers: ["claude": ProviderSettings(command: command)],
            runtime: RuntimeSettings(maxConcurrentTurns: maxConcurrentTurns, turnTimeout: 20, timeoutWarning: 0, killGrace: 0.5))
        runtime = try AgentRuntime(configuration: config, database: database,
                                   dataDirectory: directory.appendingPathComponent("data"), runObserver: tokens)
        app = Application(router: ControlAPI(runtime: runtime, tokens: tokens, logger: .init(label: "test"), delegationChat: ChatAddress.delegationChat).router())
    }
}

private func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

private func json(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
}

private func askBody(_ agent: String, _ message: String) -> ByteBuffer {
    ByteBuffer(data: try! JSONSerialization.data(withJSONObject: ["agent": agent, "message": message]))
}

@Suite struct ControlTokenTests {
    @Test func tokenIsBoundToItsAgentChatAndRun() async {
        let tokens = ControlTokens(controlURL: "http://127.0.0.1:1")
        let a = await tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        let b = await tokens.mint(agent: "coder", chat: "matrix:!b", run: TurnID(rawValue: "run-b"))
        #expect(a.count == 64 && a != b)
        #expect(await tokens.grant(for: a) == ControlGrant(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"), chain: []))
        #expect(await tokens.grant(for: b)?.agent == "coder")
    }

    @Test func revokedOrUnknownTokenHasNoGrant() async {
        let tokens = ControlTokens(controlURL: "http://127.0.0.1:1")
        let a = await tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        let b = await tokens.mint(agent: "coder", chat: "matrix:!b", run: TurnID(rawValue: "run-b"))
        await tokens.runEnded(run: TurnID(rawValue: "run-a"))
        #expect(await tokens.grant(for: a) == nil)
        #expect(await tokens.grant(for: b) != nil)
        #expect(await tokens.grant(for: String(repeating: "0", count: 64)) == nil)
        #expect(await tokens.grant(for: "") == nil)
    }

    @Test func runObserverHandsTheToolItsVariables() async {
        let tokens = ControlTokens(controlURL: "http://127.0.0.1:29335", troupeBinary: "/usr/bin/troupe")
        let env = await tokens.runStarted(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "r"))
        #expect(env["TROUPE_CONTROL_URL"] == "http://127.0.0.1:29335")
        #expect(env["TROUPE_BIN"] == "/usr/bin/troupe")
        #expect(await tokens.grant(for: env["TROUPE_TOKEN"] ?? "")?.agent == "main")
        #expect(await ControlTokens(controlURL: nil).runStarted(agent: "main", chat: "c", run: TurnID(rawValue: "r")).isEmpty)
    }
}

@Suite struct ControlAPITests {
    @Test func everyEndpointNeedsALiveToken() async throws {
        let harness = try ControlHarness()
        let token = await harness.tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        await harness.tokens.revoke(run: TurnID(rawValue: "run-a"))
        try await harness.app.test(.live) { client in
            for headers in [HTTPFields(), bearer("nope"), bearer(token), [.authorization: token]] {
                let list = try await client.execute(uri: "/v1/agents", method: .get, headers: headers)
                #expect(list.status == .unauthorized)
                #expect(json(list)["error"] as? String == "unauthorized")
                let ask = try await client.execute(uri: "/v1/ask", method: .post, headers: headers, body: askBody("coder", "hi"))
                #expect(ask.status == .unauthorized)
                let other = try await client.execute(uri: "/v1/nothing", method: .get, headers: headers)
                #expect(other.status == .unauthorized)
            }
        }
    }

    @Test func listsTheAgents() async throws {
        let harness = try ControlHarness()
        let token = await harness.tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/v1/agents", method: .get, headers: bearer(token))
            #expect(response.status == .ok)
            let agents = json(response)["agents"] as? [[String: Any]] ?? []
            #expect(agents.map { $0["name"] as? String } == ["coder", "main"])
            #expect(agents.first?["displayname"] as? String == "Coder")
            #expect(agents.last?["you"] as? Bool == true)
        }
    }

    @Test func askRunsTheOtherAgentAndReturnsItsAnswer() async throws {
        let harness = try ControlHarness()
        let token = await harness.tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(token), body: askBody("coder", "hello"))
            #expect(response.status == .ok)
            #expect(json(response)["text"] as? String == "echo: hello")
            #expect(json(response)["agent"] as? String == "coder")
        }
        // The delegate's turn ran in the caller's delegation chat, not in the caller's own.
        #expect(await harness.runtime.status(agent: "coder", chat: "delegate:main:matrix:!a")?.sessionID != nil)
        #expect(await harness.runtime.status(agent: "coder", chat: "matrix:!a")?.sessionID == nil)
    }

    @Test func refusesSelfUnknownAgentsAndCycles() async throws {
        let harness = try ControlHarness()
        let mainToken = await harness.tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        try await harness.app.test(.live) { client in
            let selfAsk = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(mainToken), body: askBody("main", "hi"))
            #expect(selfAsk.status == .badRequest)
            #expect(json(selfAsk)["error"] as? String == "ask_self")

            let unknown = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(mainToken), body: askBody("ghost", "hi"))
            #expect(unknown.status == .notFound)
            #expect((json(unknown)["message"] as? String)?.contains("ghost") == true)

            let garbage = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(mainToken), body: ByteBuffer(string: "{"))
            #expect(garbage.status == .badRequest)

            // main asks coder; coder's run in the delegation chat then tries to ask main back.
            let first = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(mainToken), body: askBody("coder", "hi"))
            #expect(first.status == .ok)
            let coderToken = await harness.tokens.mint(agent: "coder", chat: "delegate:main:matrix:!a", run: TurnID(rawValue: "run-c"))
            let cycle = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(coderToken), body: askBody("main", "hi"))
            #expect(cycle.status == .conflict)
            #expect(json(cycle)["error"] as? String == "delegation_cycle")
        }
    }

    @Test func targetFailureIsBadGateway() async throws {
        let harness = try ControlHarness()
        let token = await harness.tokens.mint(agent: "main", chat: "matrix:!a", run: TurnID(rawValue: "run-a"))
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/v1/ask", method: .post, headers: bearer(token),
                                                    body: askBody("coder", "scenario:exit_error"))
            #expect(response.status == .badGateway)
            #expect(json(response)["error"] as? String == "target_failed")
            #expect((json(response)["message"] as? String)?.hasPrefix("coder failed:") == true)
        }
    }

    /// The asker's run ends while it waits (stopped, timed out): the delegated turn is stopped, not left running.
    @Test func aDelegatedTurnStopsWhenItsAskerIsGone() async throws {
        let harness = try ControlHarness()
        await harness.tokens.setOrphanHandler { agent, chat in await harness.runtime.stop(agent: agent, chat: chat) }
        let callerRun = TurnID(rawValue: "run-a")
        let token = await harness.tokens.mint(agent: "main", chat: "matrix:!a", run: callerRun)
        try await harness.app.test(.live) { client in
            async let response = client.execute(uri: "/v1/ask", method: .post, headers: bearer(token), body: askBody("coder", "scenario:hang"))
            // Wait until coder is really working, then end the asking run.
            let deadline = ContinuousClock.now + .seconds(20)
            while await harness.runtime.status(agent: "coder", chat: "delegate:main:matrix:!a")?.busy != true, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let ended = ContinuousClock.now
            await harness.tokens.runEnded(run: callerRun)
            let answer = try await response
            #expect(answer.status == .badGateway)
            // Stopped, not left to the 20 s turn timeout that would end it otherwise.
            #expect(ContinuousClock.now - ended < .seconds(10))
        }
        #expect(await harness.runtime.status(agent: "coder", chat: "delegate:main:matrix:!a")?.busy == false)
    }

    /// A real tool run gets a token through the environment, and the token dies with the run.
    @Test func runTokenExpiresWithTheRun() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-token-tool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let tool = scratch.appendingPathComponent("claude").path
        try """
        #!/bin/sh
        printf '{"type":"result","subtype":"success","is_error":false,"result":"%s %s","session_id":"s1"}\\n' "$TROUPE_AGENT" "$TROUPE_TOKEN"
        """.write(toFile: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool)
        let harness = try ControlHarness(command: tool)
        let turn = await harness.runtime.submit(agent: "main", chat: "matrix:!a", text: "hi")
        var answer = ""
        for await event in turn.events {
            if case .finished(let result) = event { answer = result.text }
        }
        let parts = answer.split(separator: " ").map(String.init)
        #expect(parts.first == "main" && parts.last?.count == 64)
        let token = parts.last ?? ""
        let deadline = ContinuousClock.now + .seconds(10)
        while await harness.tokens.grant(for: token) != nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await harness.tokens.grant(for: token) == nil)
        #expect(await harness.tokens.liveTokenCount == 0)
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/v1/agents", method: .get, headers: bearer(token))
            #expect(response.status == .unauthorized)
        }
    }
}

@Suite struct MCPRegistrationTests {
    @Test func claudeProvidersGetTroupeMCP() throws {
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "claude")],
            providers: ["claude": ProviderSettings(command: "/x/claude", args: ["--foo"]), "local": ProviderSettings(kind: .codex)])
        let registered = MCPRegistration.registering(in: config, troupeBinary: "/opt/troupe")
        let args = try #require(registered.providers["claude"]?.args)
        #expect(args.first == "--foo" && args.dropFirst().first == "--mcp-config")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(args.last!.utf8)) as? [String: Any])
        let server = (json["mcpServers"] as? [String: Any])?["troupe"] as? [String: Any]
        #expect(server?["command"] as? String == "/opt/troupe")
        #expect(server?["args"] as? [String] == ["mcp"])
        #expect((server?["env"] as? [String: String])?["TROUPE_TOKEN"] == "${TROUPE_TOKEN}")
        // `local` is a Codex provider: it gets the overrides; the built-in `codex`, `gemini` are registered too.
        #expect(registered.providers["local"]?.args == MCPRegistration.codexArguments(troupeBinary: "/opt/troupe"))
    }

    @Test func codexGetsOverridesThatForwardTheRunVariables() {
        let args = MCPRegistration.codexArguments(troupeBinary: "/opt/my \"troupe\"")
        #expect(args == [
            "-c", #"mcp_servers.troupe.command="/opt/my \"troupe\"""#,
            "-c", #"mcp_servers.troupe.args=["mcp"]"#,
            "-c", #"mcp_servers.troupe.env_vars=["TROUPE_CONTROL_URL","TROUPE_TOKEN","TROUPE_AGENT","TROUPE_CHAT"]"#,
        ])
    }

    @Test func geminiGetsASettingsLayerUnlessItHasOne() throws {
        let config = AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "gemini")],
            providers: ["gemini": ProviderSettings(command: "/x/gemini"),
                        "mine": ProviderSettings(kind: .gemini, env: ["GEMINI_CLI_SYSTEM_DEFAULTS_PATH": "/etc/own.json"])])
        let file = URL(fileURLWithPath: "/data/mcp/gemini-system-defaults.json")
        let registered = MCPRegistration.registering(in: config, troupeBinary: "/opt/troupe", geminiSettingsFile: file)
        #expect(registered.providers["gemini"]?.env["GEMINI_CLI_SYSTEM_DEFAULTS_PATH"] == file.path)
        #expect(registered.providers["mine"]?.env["GEMINI_CLI_SYSTEM_DEFAULTS_PATH"] == "/etc/own.json")
        #expect(registered.providers["gemini"]?.args == [])
        let settings = try #require(try JSONSerialization.jsonObject(
            with: Data(MCPRegistration.geminiSettings(troupeBinary: "/opt/troupe").utf8)) as? [String: Any])
        let server = (settings["mcpServers"] as? [String: Any])?["troupe"] as? [String: Any]
        #expect(server?["command"] as? String == "/opt/troupe")
        #expect(server?["trust"] as? Bool == true)
        #expect((server?["env"] as? [String: String])?["TROUPE_TOKEN"] == "$TROUPE_TOKEN")
        // Without a settings file Gemini stays as configured.
        #expect(MCPRegistration.registering(in: config, troupeBinary: "/opt/troupe").providers["gemini"]?.env.isEmpty == true)
    }
}

@Suite struct ControlConfigTests {
    private func yaml(control: String = "") -> String {
        ConfigTemplate.render(.generated(homeserver: "http://127.0.0.1:8008", domain: "localhost"))
            .replacingOccurrences(of: "control:\n  hostname: 127.0.0.1\n  port: 29335\n", with: control)
    }

    private func keys(_ yaml: String) -> [String] {
        do {
            _ = try TroupeConfig.parse(yaml: yaml, directory: "/")
            return []
        } catch let errors as ConfigErrors {
            return errors.errors.map(\.key)
        } catch {
            return ["?"]
        }
    }

    @Test func controlDefaultsToLoopback29335() throws {
        let config = try TroupeConfig.parse(yaml: yaml(), directory: "/")
        #expect(config.control.url == "http://127.0.0.1:29335")
        let custom = try TroupeConfig.parse(yaml: yaml(control: "control:\n  hostname: ::1\n  port: 4000\n"), directory: "/")
        #expect(custom.control.url == "http://[::1]:4000")
    }

    @Test func controlMustBeLoopbackOnItsOwnPort() {
        #expect(keys(yaml(control: "control:\n  hostname: 0.0.0.0\n")) == ["control.hostname"])
        #expect(keys(yaml(control: "control:\n  port: 29333\n")) == ["control.port"])
        #expect(keys(yaml(control: "control:\n  port: 70000\n")) == ["control.port"])
    }

    @Test func aSocketReplacesThePort() throws {
        let config = try TroupeConfig.parse(yaml: yaml(control: "control:\n  socket: run/control sock\n"), directory: "/srv/troupe")
        #expect(config.control.socket == "/srv/troupe/run/control sock")
        #expect(config.control.url == "http+unix://%2Fsrv%2Ftroupe%2Frun%2Fcontrol%20sock")
        let long = "/" + String(repeating: "d", count: 120) + ".sock"
        #expect(keys(yaml(control: "control:\n  socket: \(long)\n")) == ["control.socket"])
    }
}
