import Agents
import Foundation
import GRDB
import Logging

/// Counts deliveries and says when the last expected one arrived.
actor CountingSink: ResultSink {
    private var count = 0
    private let expected: Int
    private var waiter: CheckedContinuation<Void, Never>?

    init(expected: Int) { self.expected = expected }

    func deliver(_ delivery: RunResultDelivery) async throws {
        count += 1
        if count == expected { waiter?.resume() }
    }

    func waitForAll() async {
        if count >= expected { return }
        await withCheckedContinuation { waiter = $0 }
    }
}

/// `AgentsBench runs [runs=200] [concurrent=8]`: sub-agent runs on the instant fake CLI under `max_concurrent`,
/// against the floor of spawning the same fake the same number of times, the same number at a time, from a shell.
func runsBenchmark(fake: String, runs count: Int, concurrent: Int) async throws {
    var quiet = Logger(label: "bench")
    quiet.logLevel = .warning
    // Floor: the bare spawns, `concurrent` at a time (xargs keeps that many going), and one after another.
    let floorParallel = try shell("seq \(count) | xargs -P \(concurrent) -I{} '\(fake)' > /dev/null")
    let floorSequential = try shell("i=0; while [ $i -lt \(count) ]; do '\(fake)' >/dev/null; i=$((i+1)); done")
    let floorPerSpawn = floorSequential / Double(count)

    let temp = FileManager.default.temporaryDirectory.appendingPathComponent("runs-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: temp) }
    let database = try DatabasePool(path: temp.appendingPathComponent("bench.db").path)
    try AgentsSchema.migrate(database)
    let settings = RunSettings(maxConcurrent: concurrent, maxActivePerChat: count, maxChildren: count, maxTotal: count)
    let runtime = try AgentRuntime(
        configuration: AgentsConfiguration(
            agents: ["main": AgentDefinition(provider: "claude"), "worker": AgentDefinition(provider: "claude")],
            providers: ["claude": ProviderSettings(command: fake)],
            runtime: RuntimeSettings(maxConcurrentTurns: concurrent, runs: settings)),
        database: database, dataDirectory: temp, logger: quiet)
    let manager = RunManager(runtime: runtime, database: database, logger: quiet)
    let sink = CountingSink(expected: count)
    // No sink yet: results wait in the queue, so the runs phase measures runs alone.
    try await manager.start()

    let started = ContinuousClock.now
    // All requests at once, as from many agents' tools; one chat per run, so the hand-back turns can run side by
    // side as they would across users.
    let ids = try await withThrowingTaskGroup(of: RunID.self) { group in
        for i in 0..<count {
            group.addTask {
                let routing = RunRouting(agent: "main", chat: ChatKey("bench:\(i)"))
                return try await manager.spawn(RunRequest(agent: "worker", task: "task \(i)", routing: routing)).id
            }
        }
        return try await group.reduce(into: [RunID]()) { $0.append($1) }
    }
    let spawned = seconds(ContinuousClock.now - started)
    var inSlot: [Double] = []
    var endToEnd: [Double] = []
    for id in ids {
        let run = try await manager.waitUntilFinished(id)
        guard run.state == .completed else { fatalError("run \(id) ended \(run.state): \(run.error ?? "")") }
        inSlot.append(run.finishedAt!.timeIntervalSince(run.startedAt!))
        endToEnd.append(run.finishedAt!.timeIntervalSince(run.createdAt))
    }
    let finished = seconds(ContinuousClock.now - started)
    let deliveryStarted = ContinuousClock.now
    await manager.setSink(sink)
    await sink.waitForAll()
    let delivered = seconds(ContinuousClock.now - deliveryStarted)
    await manager.shutdown()

    inSlot.sort()
    let throughput = Double(count) / finished
    let floorThroughput = Double(count) / floorParallel
    // What a run costs beyond its spawn: its share of the wall time over the floor's, at the same parallelism.
    // A spawn's own time when `concurrent` share the cores, the fair yardstick for a run's time in its slot.
    let floorSlot = floorParallel * Double(concurrent) / Double(count)
    let overheadPerRun = (finished - floorParallel) * Double(concurrent) / Double(count)
    print("AgentsBench runs — \(count) runs, max_concurrent \(concurrent), fake CLI: \(fake)")
    print("floor: \(count) spawns, \(concurrent) at a time   \(String(format: "%.3f", floorParallel)) s  \(String(format: "%.0f", floorThroughput)) spawns/s")
    print("floor: one spawn after another      \(ms(floorPerSpawn)) per spawn")
    print("floor: one spawn among \(concurrent) at once   \(ms(floorSlot)) each")
    print("runs: \(count) spawn calls at once     all admitted after \(String(format: "%.3f", spawned)) s")
    print("runs: all finished                   \(String(format: "%.3f", finished)) s  \(String(format: "%.0f", throughput)) runs/s  ratio \(String(format: "%.2f", throughput / floorThroughput))× of floor")
    print("runs: time in slot (start → final)   p50 \(ms(percentile(inSlot, 0.5)))  p99 \(ms(percentile(inSlot, 0.99)))  p50/floor \(String(format: "%.2f", percentile(inSlot, 0.5) / floorSlot))×")
    print("runs: scheduling overhead per run    \(ms(overheadPerRun)) in its slot, \(ms((finished - floorParallel) / Double(count))) of wall time (over the floor)")
    print("delivery: \(count) results handed back \(String(format: "%.3f", delivered)) s  \(String(format: "%.0f", Double(count) / delivered)) /s (one requester turn per result, then the sink)")
}
