import Foundation
import GRDB
import Testing
@testable import Agents

/// Paths and runtimes for tests that drive the fake CLIs in Tests/Fixtures/fake-cli.
enum Fixtures {
    static let fakeCLIDirectory: String = {
        let here = URL(fileURLWithPath: #filePath)
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake-cli").path
    }()

    static func fakeCLI(_ name: String) -> String { fakeCLIDirectory + "/" + name }

    static func recording(_ tool: String, _ scenario: String, session: String = "S1", prompt: String = "hi") throws -> [String] {
        let text = try String(contentsOfFile: "\(fakeCLIDirectory)/recordings/\(tool)/\(scenario).ndjson", encoding: .utf8)
        return text.replacingOccurrences(of: "__SESSION__", with: session)
            .replacingOccurrences(of: "__PROMPT__", with: prompt)
            .split(separator: "\n").map(String.init)
    }
}

/// A scratch directory, removed when the value is released.
final class TempDirectory: Sendable {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-agents-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func file(_ name: String) -> String { url.appendingPathComponent(name).path }
}

struct Harness {
    let runtime: AgentRuntime
    let database: DatabaseQueue
    let temp: TempDirectory
    let recordFile: String
    let pidFile: String

    /// A runtime whose claude/codex/gemini providers are the fake CLIs, recording into temp files; on `stores`
    /// when given (`database` is then left unused), else on `database` or a fresh in-memory one.
    static func make(
        agents: [String: AgentDefinition] = ["main": AgentDefinition(provider: "claude")],
        providers extra: [String: ProviderSettings] = [:],
        runtime settings: RuntimeSettings = RuntimeSettings(turnTimeout: 20, timeoutWarning: 0, killGrace: 0.5),
        scenario: String? = nil,
        extraEnv: [String: String] = [:],
        database: DatabaseQueue? = nil,
        stores: AgentStores? = nil,
        temp: TempDirectory = TempDirectory(),
        agentsEnvFile: String? = nil
    ) throws -> Harness {
        let record = temp.file("record.txt")
        let pids = temp.file("pids.txt")
        var env = ["FAKE_RECORD": record, "FAKE_PIDFILE": pids, "FAKE_DELAY": "0.05"]
        if let scenario { env["FAKE_SCENARIO"] = scenario }
        env.merge(extraEnv) { _, b in b }
        var providers: [String: ProviderSettings] = [
            "claude": ProviderSettings(command: Fixtures.fakeCLI("claude"), env: env),
            "codex": ProviderSettings(command: Fixtures.fakeCLI("codex"), env: env),
            "gemini": ProviderSettings(command: Fixtures.fakeCLI("gemini"), env: env),
        ]
        providers.merge(extra) { _, b in b }
        let db = try database ?? {
            let queue = try DatabaseQueue()
            try AgentsSchema.migrate(queue)
            return queue
        }()
        var config = AgentsConfiguration(agents: agents, providers: providers, runtime: settings)
        config.agentsEnvFile = agentsEnvFile
        let runtime = try AgentRuntime(
            configuration: config, stores: stores ?? .sqlite(db), dataDirectory: temp.url.appendingPathComponent("data"),
            environment: { _, _ in ["FAKE_EXTRA": "from-host"] })
        return Harness(runtime: runtime, database: db, temp: temp, recordFile: record, pidFile: pids)
    }

    func ask(_ text: String, agent: String = "main", chat: ChatKey = "test:chat") async throws -> [AgentEvent] {
        let turn = await runtime.submit(agent: agent, chat: chat, text: text)
        return try await collect(turn)
    }

    /// Invocations recorded by the fakes, each a list of "argv …", "stdin …", "cwd …", "env …" lines.
    func invocations() -> [[String]] {
        guard let text = try? String(contentsOfFile: recordFile, encoding: .utf8) else { return [] }
        return text.components(separatedBy: "--- ").dropFirst().map { block in
            block.split(separator: "\n").dropFirst().map(String.init)
        }
    }

    func pids() -> [pid_t] {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { pid_t($0) }
    }

    /// Waits until the fakes have written `count` pids (the hang scenario writes two).
    func waitForPids(_ count: Int, timeout: Double = 5) async throws -> [pid_t] {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            let found = pids()
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("fake CLI did not start in time")
        return pids()
    }
}

extension [String] {
    var argv: [String] { compactMap { $0.hasPrefix("argv ") ? String($0.dropFirst(5)) : nil } }
    func value(_ prefix: String) -> String? {
        first { $0.hasPrefix(prefix + " ") }.map { String($0.dropFirst(prefix.count + 1)) }
    }
}

struct TestTimeout: Error, CustomStringConvertible {
    let seconds: Double
    var description: String { "timed out after \(seconds) s" }
}

/// Collects a turn's events; fails instead of hanging if the stream never ends.
func collect(_ turn: AgentTurn, timeout: Double = 15) async throws -> [AgentEvent] {
    try await withThrowingTaskGroup(of: [AgentEvent]?.self) { group in
        group.addTask {
            var events: [AgentEvent] = []
            for await event in turn.events { events.append(event) }
            return events
        }
        group.addTask {
            try await Task.sleep(for: .seconds(timeout))
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let events = first else { throw TestTimeout(seconds: timeout) }
        return events
    }
}

/// True once `pid` is gone (or a zombie nobody reaps, as PID 1 in containers may leave it).
func isDead(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return true }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state == "Z" || state == "X"
}

func waitUntilDead(_ pids: [pid_t], timeout: Double = 5) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if pids.allSatisfy(isDead) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return false
}

extension [AgentEvent] {
    var terminal: AgentEvent? { last(where: \.isTerminal) }
    var error: AgentError? {
        if case .failed(let error) = terminal { return error }
        return nil
    }
    var result: TurnResult? {
        if case .finished(let result) = terminal { return result }
        return nil
    }
    var texts: [String] { compactMap { if case .text(let t) = $0 { t } else { nil } } }
    var statuses: [String] { compactMap { if case .status(let t) = $0 { t } else { nil } } }
    /// Troupe's own notices, in English.
    var notices: [String] { compactMap { if case .notice(let n) = $0 { n.description } else { nil } } }
    var tools: [String] { compactMap { if case .toolUse(let t) = $0 { t } else { nil } } }
    var startedSession: String? {
        for event in self { if case .started(let id) = event { return id } }
        return nil
    }
}
