// Turn overhead of the Agents runtime against the bare cost of spawning the
// same fake CLI from a shell loop, measured in the same run.
//
//   swift run -c release AgentsBench [turns=200] [conversations=100] [turnsPerConversation=10]
//   swift run -c release AgentsBench runs [runs=200] [concurrent=8]     (sub-agent runs; see RunsBench.swift)
import Agents
import Foundation
import GRDB

let runsMode = CommandLine.arguments.dropFirst().first == "runs"
let arguments = CommandLine.arguments.dropFirst(runsMode ? 2 : 1).compactMap(Int.init)
let sequentialTurns = arguments.count > 0 ? arguments[0] : 200
let conversations = arguments.count > 1 ? arguments[1] : 100
let turnsPerConversation = arguments.count > 2 ? arguments[2] : 10

let fake = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures/fake-cli/instant").path
guard FileManager.default.isExecutableFile(atPath: fake) else {
    FileHandle.standardError.write(Data("AgentsBench: fake CLI not found at \(fake)\n".utf8))
    exit(1)
}

if runsMode {
    try await runsBenchmark(fake: fake, runs: arguments.first ?? 200, concurrent: arguments.count > 1 ? arguments[1] : 8)
    exit(0)
}

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func ms(_ s: Double) -> String { String(format: "%.2f ms", s * 1000) }

func percentile(_ values: [Double], _ p: Double) -> Double { values[min(values.count - 1, Int(Double(values.count) * p))] }

/// Runs a shell script and returns its wall time.
func shell(_ script: String) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    let started = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    return seconds(ContinuousClock.now - started)
}

// Floor 1: one spawn of the fake after another, from a shell loop.
let floorLoop = try shell("i=0; while [ $i -lt \(sequentialTurns) ]; do '\(fake)' >/dev/null; i=$((i+1)); done")
let floorPerSpawn = floorLoop / Double(sequentialTurns)
// Floor 2: the same total number of spawns, `conversations` loops in parallel.
let totalTurns = conversations * turnsPerConversation
let floorParallel = try shell("""
    c=0; while [ $c -lt \(conversations) ]; do
      ( i=0; while [ $i -lt \(turnsPerConversation) ]; do '\(fake)' >/dev/null; i=$((i+1)); done ) &
      c=$((c+1)); done; wait
    """)
let floorThroughput = Double(totalTurns) / floorParallel

let temp = FileManager.default.temporaryDirectory.appendingPathComponent("agents-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: temp) }
let database = try DatabasePool(path: temp.appendingPathComponent("bench.db").path)
try AgentsSchema.migrate(database)
let runtime = try AgentRuntime(
    configuration: AgentsConfiguration(
        agents: ["main": AgentDefinition(provider: "claude")],
        providers: ["claude": ProviderSettings(command: fake)],
        runtime: RuntimeSettings(maxConcurrentTurns: conversations)),
    database: database, dataDirectory: temp)

// Latency: submit → first text, one conversation, turns one after another.
var firstText: [Double] = []
var complete: [Double] = []
for i in 0..<sequentialTurns {
    let started = ContinuousClock.now
    let turn = await runtime.submit(agent: "main", chat: ChatKey("bench:latency"), text: "turn \(i)")
    var sawText = false
    for await event in turn.events {
        if case .text = event, !sawText {
            sawText = true
            firstText.append(seconds(ContinuousClock.now - started))
        }
        if case .failed(let error) = event { fatalError("turn failed: \(error)") }
    }
    complete.append(seconds(ContinuousClock.now - started))
}
firstText.sort()
complete.sort()

// Throughput: many conversations at once, each submitting its turns in order.
let throughputStart = ContinuousClock.now
await withTaskGroup(of: Void.self) { group in
    for c in 0..<conversations {
        group.addTask {
            for i in 0..<turnsPerConversation {
                let turn = await runtime.submit(agent: "main", chat: ChatKey("bench:\(c)"), text: "turn \(i)")
                for await event in turn.events {
                    if case .failed(let error) = event { fatalError("turn failed: \(error)") }
                }
            }
        }
    }
}
let throughputSeconds = seconds(ContinuousClock.now - throughputStart)
let throughput = Double(totalTurns) / throughputSeconds

print("AgentsBench — fake CLI: \(fake)")
print("floor: shell loop spawn            \(ms(floorPerSpawn)) per spawn (\(sequentialTurns) spawns)")
print("submit → first text   p50 \(ms(percentile(firstText, 0.5)))  p99 \(ms(percentile(firstText, 0.99)))  ratio p50/floor \(String(format: "%.2f", percentile(firstText, 0.5) / floorPerSpawn))×")
print("submit → stream end   p50 \(ms(percentile(complete, 0.5)))  p99 \(ms(percentile(complete, 0.99)))")
print("floor: \(conversations) parallel shell loops  \(String(format: "%.0f", floorThroughput)) spawns/s (\(totalTurns) spawns)")
print("runtime: \(conversations) conversations      \(String(format: "%.0f", throughput)) turns/s (\(totalTurns) turns)  ratio \(String(format: "%.2f", throughput / floorThroughput))× of floor")
