// IngestBench: appservice transaction-ingestion load generator.
//
// Feeds the same pre-generated transactions (N × `m.room.message` events) to every target, one target at a
// time, in each mode (concurrency level), and prints events/s, txn/s and per-transaction latency percentiles,
// plus the events/s ratio of the first target to the second and whether the budgets are met.
// Normally started by scripts/bench-ingest.sh, which brings up troupe and the mautrix-python peer.

import AsyncHTTPClient
import Foundation
import NIOCore

struct Options: Sendable {
    var targets: [Target] = []
    var token = ""
    var transactions = 2_000
    var eventsPerTransaction = 50
    var concurrencies = [1, 16]
    var warmup = 200
    var timeoutSeconds: Int64 = 30
    /// Fresh per run by default: troupe remembers event ids it has seen, so a rerun against the same database
    /// with the same corpus would skip its handlers.
    var seed = UInt64(UInt32.random(in: 1...UInt32.max))
    var jsonPath: String?
    var latencyDirectory: String?
    var ratioTarget = 10.0
    var p99TargetMs = 5.0
    /// Sustained mode: load for this many seconds per target and sample resident memory.
    var sustainSeconds: Double?
    var sampleEvery = 10.0
    var afterSeconds = 30.0
    var memoryBudgetMB = 150.0

    static let usage = """
        usage: IngestBench --target NAME=URL [--target NAME=URL …] --token HS_TOKEN [options]

          --target NAME=URL     system under test (base URL; PUT /_matrix/app/v1/transactions/{id}). Repeatable;
                                each other target is compared with the last one (the peer); the
                                budget applies to the first ÷ last.
          --pid NAME=PID        server process of target NAME: reports its CPU and waits for it to go idle
                                between runs
          --token TOKEN         hs_token sent as `Authorization: Bearer` (or env INGEST_BENCH_TOKEN)
          --transactions N      measured transactions per mode and system (default 2000)
          --events N            m.room.message events per transaction (default 50)
          --concurrency LIST    comma-separated in-flight levels, one mode each (default 1,16)
          --warmup N            unmeasured transactions before each measured run (default 200)
          --timeout S           per-request timeout in seconds (default 30)
          --seed N              corpus seed (default random; printed)
          --ratio-target X      events/s budget, first ÷ second (default 10)
          --p99-target MS       p99 budget for the first target at concurrency 1 (default 5)
          --json PATH           also write the figures as JSON
          --latencies DIR       also write each run's per-transaction latencies (ms, in send order) as CSV
          --sustain S           sustained mode instead: S seconds of load per target at the first --concurrency,
                                reusing --transactions bodies with fresh event ids; prints each server's resident
                                memory (needs --pid) every --sample-every seconds and for --after seconds after
          --sample-every S      memory sampling interval in sustained mode (default 10)
          --after S             keep sampling this long after the load stops (default 30)
          --memory-budget MB    resident-memory budget for the first target (default 150)
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var urls: [(String, String)] = []
        var pids: [String: String] = [:]
        var index = 0
        func value(_ flag: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchError(description: "\(flag) needs a value") }
            return arguments[index]
        }
        func int(_ flag: String, _ text: String, min lower: Int) throws -> Int {
            guard let number = Int(text), number >= lower else {
                throw BenchError(description: "\(flag) wants an integer ≥ \(lower), not \(text)")
            }
            return number
        }
        func pair(_ flag: String, _ text: String) throws -> (String, String) {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw BenchError(description: "\(flag) wants NAME=VALUE, not \(text)")
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
        while index < arguments.count {
            let flag = arguments[index]
            switch flag {
            case "--target": urls.append(try pair(flag, try value(flag)))
            case "--pid":
                let (name, pid) = try pair(flag, try value(flag))
                pids[name] = pid
            case "--token": options.token = try value(flag)
            case "--transactions": options.transactions = try int(flag, try value(flag), min: 1)
            case "--events": options.eventsPerTransaction = try int(flag, try value(flag), min: 0)
            case "--warmup": options.warmup = try int(flag, try value(flag), min: 0)
            case "--timeout": options.timeoutSeconds = Int64(try int(flag, try value(flag), min: 1))
            case "--seed": options.seed = UInt64(try int(flag, try value(flag), min: 0))
            case "--json": options.jsonPath = try value(flag)
            case "--latencies": options.latencyDirectory = try value(flag)
            case "--sustain", "--sample-every", "--after", "--memory-budget":
                guard let number = Double(try value(flag)), number > 0 else { throw BenchError(description: "bad \(flag)") }
                switch flag {
                case "--sustain": options.sustainSeconds = number
                case "--sample-every": options.sampleEvery = number
                case "--after": options.afterSeconds = number
                default: options.memoryBudgetMB = number
                }
            case "--concurrency":
                let list = try value(flag).split(separator: ",")
                options.concurrencies = try list.map { try int(flag, String($0), min: 1) }
                if options.concurrencies.isEmpty { throw BenchError(description: "--concurrency is empty") }
            case "--ratio-target":
                guard let number = Double(try value(flag)), number > 0 else { throw BenchError(description: "bad \(flag)") }
                options.ratioTarget = number
            case "--p99-target":
                guard let number = Double(try value(flag)), number > 0 else { throw BenchError(description: "bad \(flag)") }
                options.p99TargetMs = number
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw BenchError(description: "unknown argument \(flag)")
            }
            index += 1
        }
        if options.token.isEmpty, let fromEnv = getenv("INGEST_BENCH_TOKEN") { options.token = String(cString: fromEnv) }
        guard !urls.isEmpty else { throw BenchError(description: "at least one --target NAME=URL is needed") }
        guard !options.token.isEmpty else { throw BenchError(description: "--token (or INGEST_BENCH_TOKEN) is needed") }
        for (name, _) in pids where !urls.contains(where: { $0.0 == name }) {
            throw BenchError(description: "--pid names unknown target \(name)")
        }
        options.targets = urls.map { name, url in
            Target(name: name, baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url, pid: pids[name])
        }
        return options
    }
}

func modeName(_ concurrency: Int) -> String {
    concurrency == 1 ? "sequential" : "concurrent×\(concurrency)"
}

func log(_ message: String) {
    FileHandle.standardError.write(Data(("[ingest-bench] \(message)\n").utf8))
}

func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let count = text.count
    guard count < width else { return text }
    let fill = String(repeating: " ", count: width - count)
    return left ? text + fill : fill + text
}

func fixed(_ value: Double, _ digits: Int) -> String {
    value.isFinite ? String(format: "%.\(digits)f", value) : "n/a"
}

/// The 1-minute load average: other work on the machine skews every figure here.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "n/a" }
    return text.split(separator: " ").first.map(String.init) ?? "n/a"
}

func measure(runner: LoadRunner, target: Target, corpus: Corpus, warmupCorpus: Corpus, concurrency: Int,
             runTag: String, latencyDirectory: String?) async throws -> RunResult {
    let mode = modeName(concurrency)
    if !warmupCorpus.bodies.isEmpty {
        _ = try await runner.run(target: target, bodies: warmupCorpus.bodies, txnPrefix: "\(runTag)-warm-c\(concurrency)",
                                 concurrency: concurrency)
    }
    if let pid = target.pid { _ = await ProcessCPU.settle(pid: pid) }

    let serverBefore = target.pid.flatMap { ProcessCPU.seconds(pid: $0) }
    let clientBefore = ProcessCPU.seconds(pid: "self")
    let start = monotonicNanos()
    let latencies = try await runner.run(target: target, bodies: corpus.bodies, txnPrefix: "\(runTag)-c\(concurrency)",
                                         concurrency: concurrency)
    let wall = Double(monotonicNanos() - start) / 1e9
    let clientAfter = ProcessCPU.seconds(pid: "self")
    var settle: Double?
    var serverCPU: Double?
    if let pid = target.pid {
        settle = await ProcessCPU.settle(pid: pid)
        if let before = serverBefore, let after = ProcessCPU.seconds(pid: pid) { serverCPU = after - before }
    }

    if let directory = latencyDirectory {
        let path = URL(fileURLWithPath: directory).appendingPathComponent("\(target.name)-c\(concurrency).csv")
        let csv = "index,ms\n" + latencies.enumerated().map { "\($0.offset),\(fixed(Stats.millis($0.element), 3))" }
            .joined(separator: "\n") + "\n"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: path)
    }
    let sorted = latencies.sorted()
    let count = corpus.bodies.count
    let events = count * corpus.eventsPerTransaction
    let mean = Double(latencies.reduce(0, +)) / Double(max(1, count)) / 1e6
    return RunResult(
        system: target.name, mode: mode, concurrency: concurrency, transactions: count, events: events,
        wallSeconds: wall, eventsPerSecond: Double(events) / wall, transactionsPerSecond: Double(count) / wall,
        p50Ms: Stats.millis(Stats.percentile(sorted, 0.50)), p90Ms: Stats.millis(Stats.percentile(sorted, 0.90)),
        p99Ms: Stats.millis(Stats.percentile(sorted, 0.99)), maxMs: Stats.millis(sorted.last ?? 0), meanMs: mean,
        serverCPUSeconds: serverCPU, settleSeconds: settle,
        clientCPUSeconds: clientBefore.flatMap { before in clientAfter.map { $0 - before } })
}

func printTable(_ results: [RunResult]) {
    let header = [
        pad("mode", 15, left: true), pad("system", 15, left: true), pad("txns", 6), pad("events", 8), pad("wall s", 7),
        pad("events/s", 10), pad("sustained", 10), pad("txn/s", 8), pad("p50 ms", 8), pad("p90 ms", 8), pad("p99 ms", 8), pad("max ms", 8),
        pad("srv CPU ms/txn", 14), pad("settle s", 9), pad("gen CPU ms/txn", 14),
    ].joined(separator: " ")
    print(header)
    print(String(repeating: "-", count: header.count))
    for result in results {
        let cpuPerTxn = result.serverCPUSeconds.map { fixed($0 / Double(result.transactions) * 1e3, 3) } ?? "n/a"
        let settle = result.settleSeconds.map { fixed($0, 1) } ?? "n/a"
        print([
            pad(result.mode, 15, left: true), pad(result.system, 15, left: true), pad("\(result.transactions)", 6),
            pad("\(result.events)", 8), pad(fixed(result.wallSeconds, 2), 7), pad(fixed(result.eventsPerSecond, 0), 10),
            pad(result.sustainedEventsPerSecond.map { fixed($0, 0) } ?? "n/a", 10),
            pad(fixed(result.transactionsPerSecond, 1), 8), pad(fixed(result.p50Ms, 2), 8), pad(fixed(result.p90Ms, 2), 8),
            pad(fixed(result.p99Ms, 2), 8), pad(fixed(result.maxMs, 2), 8), pad(cpuPerTxn, 14), pad(settle, 9),
            pad(result.clientCPUSeconds.map { fixed($0 / Double(result.transactions) * 1e3, 3) } ?? "n/a", 14),
        ].joined(separator: " "))
    }
}

struct Summary: Codable {
    struct Ratio: Codable {
        var system: String
        var peer: String
        var mode: String
        var eventsPerSecondRatio: Double
        var sustainedRatio: Double?
        var met: Bool
    }
    var transactionsPerMode: Int
    var eventsPerTransaction: Int
    var warmup: Int
    var meanBodyBytes: Int
    var results: [RunResult]
    var ratios: [Ratio]
    var ratioTarget: Double
    var p99TargetMs: Double
    var p99Met: Bool?
}

func writeJSON(_ summary: Summary, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(summary).write(to: URL(fileURLWithPath: path))
}

func runSustained(_ options: Options, seconds: Double) async throws {
    let runTag = "sustain\(monotonicNanos() % 1_000_000_000)"
    let concurrency = options.concurrencies.last ?? 16
    log("generating corpus: \(options.transactions) transactions × \(options.eventsPerTransaction) events, reused with fresh event ids")
    let corpus = Corpus(transactions: options.transactions, eventsPerTransaction: options.eventsPerTransaction,
                        seed: options.seed, salt: 101)
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(120), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, concurrency))
    configuration.decompression = .disabled
    let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    let runner = LoadRunner(client: client, token: options.token, timeout: .seconds(options.timeoutSeconds))
    var results: [SustainedResult] = []
    var failure: (any Error)?
    do {
        for (index, target) in options.targets.enumerated() {
            log("sustained load: \(target.name) for \(fixed(seconds, 0)) s, \(concurrency) in flight")
            let load = SustainedLoad(runner: runner, corpus: corpus, seconds: seconds, sampleEvery: options.sampleEvery,
                                     afterSeconds: index == 0 ? options.afterSeconds : 0, concurrency: concurrency)
            results.append(try await load.run(target: target, runTag: "\(runTag)-\(target.name)"))
        }
    } catch {
        failure = error
    }
    try? await client.shutdown()
    if let failure { throw failure }
    print("Sustained ingestion on loopback: bodies of \(options.eventsPerTransaction) m.room.message events, "
        + "load average now \(loadAverage()), corpus seed \(options.seed)")
    printSustained(results, budgetMB: options.memoryBudgetMB)
    if let path = options.jsonPath {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(fileURLWithPath: path))
        log("wrote \(path)")
    }
}

func runBenchmark(_ options: Options) async throws -> Bool {
    let runTag = "bench\(monotonicNanos() % 1_000_000_000)"
    let loadBefore = loadAverage()
    log("generating corpus: \(options.concurrencies.count) mode(s) × (\(options.warmup) warm-up + "
        + "\(options.transactions) measured) transactions × \(options.eventsPerTransaction) events")
    var corpora: [(measured: Corpus, warmup: Corpus)] = []
    for (modeIndex, _) in options.concurrencies.enumerated() {
        let salt = UInt64(modeIndex) * 2
        corpora.append((
            Corpus(transactions: options.transactions, eventsPerTransaction: options.eventsPerTransaction,
                   seed: options.seed, salt: salt + 1),
            Corpus(transactions: options.warmup, eventsPerTransaction: options.eventsPerTransaction,
                   seed: options.seed, salt: salt + 2)))
    }
    let meanBody = corpora[0].measured.totalBytes / max(1, options.transactions)
    log("mean transaction body: \(meanBody) bytes, corpus seed \(options.seed)")

    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(120),
                                         concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, options.concurrencies.max() ?? 1))
    configuration.decompression = .disabled
    let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    let runner = LoadRunner(client: client, token: options.token, timeout: .seconds(options.timeoutSeconds))

    var results: [RunResult] = []
    var failure: (any Error)?
    do {
        for (modeIndex, concurrency) in options.concurrencies.enumerated() {
            for target in options.targets {
                log("\(modeName(concurrency)): \(target.name) (\(target.baseURL))…")
                let result = try await measure(runner: runner, target: target, corpus: corpora[modeIndex].measured,
                                               warmupCorpus: corpora[modeIndex].warmup, concurrency: concurrency,
                                               runTag: "\(runTag)-\(target.name)", latencyDirectory: options.latencyDirectory)
                log("  \(fixed(result.eventsPerSecond, 0)) events/s, p50 \(fixed(result.p50Ms, 2)) ms, p99 \(fixed(result.p99Ms, 2)) ms"
                    + (result.settleSeconds.map { $0 >= 0.5 ? "; still busy \(fixed($0, 1)) s after the last answer" : "" } ?? ""))
                results.append(result)
            }
        }
    } catch {
        failure = error
    }
    try? await client.shutdown()
    if let failure { throw failure }

    print("")
    print("Transaction ingestion on loopback: \(options.transactions) transactions × \(options.eventsPerTransaction) "
        + "m.room.message events per mode (mean body \(meanBody) B), \(options.warmup) warm-up; identical bodies for every system")
    print("Host: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average before/after: \(loadBefore) / \(loadAverage()); "
        + "corpus seed \(options.seed). Latency = PUT sent → full answer received, per transaction.")
    print("")
    printTable(results)
    print("events/s = events acknowledged (200) per second; sustained = events / (wall + settle), i.e. including the work")
    print("the server still had queued when the last answer came back (a backlog that grows under sustained load).")
    print("srv CPU = the server's CPU time (all threads) from the run's first request until it went idle again, per transaction;")
    print("settle = seconds it kept working after the last answer (work deferred past the 200, e.g. troupe's dispatcher);")
    print("gen CPU = this load generator's own CPU per transaction (it shares the machine's cores with the server).")
    print("")

    var ratios: [Summary.Ratio] = []
    var allMet = true
    var p99Met: Bool?
    if options.targets.count >= 2, let peer = options.targets.last?.name {
        for (index, target) in options.targets.dropLast().enumerated() {
            let first = target.name
            // The budget is the first target's; the others (troupe on another database) are reported beside it.
            let budgeted = index == 0
            print("Ratio of events/s, \(first) ÷ \(peer)" + (budgeted ? " (budget ≥ \(fixed(options.ratioTarget, 0))×):" : " (reported, no budget):"))
            for concurrency in options.concurrencies {
                let mode = modeName(concurrency)
                guard let a = results.first(where: { $0.system == first && $0.concurrency == concurrency }),
                      let b = results.first(where: { $0.system == peer && $0.concurrency == concurrency }) else { continue }
                // Both got the same corpus, so txn/s ratios equal events/s ratios (and stay defined with --events 0).
                let ratio = a.transactionsPerSecond / b.transactionsPerSecond
                let met = ratio >= options.ratioTarget
                if budgeted { allMet = allMet && met }
                var sustainedRatio: Double?
                var sustainedText = ""
                if let sa = a.sustainedEventsPerSecond, let sb = b.sustainedEventsPerSecond, sb > 0 {
                    let value = sa / sb
                    sustainedRatio = value
                    let sustainedMet = value >= options.ratioTarget
                    if budgeted { allMet = allMet && sustainedMet }
                    sustainedText = "   sustained \(pad(fixed(value, 2), 6))×" + (budgeted ? "   \(sustainedMet ? "MET" : "MISSED")" : "")
                }
                ratios.append(.init(system: first, peer: peer, mode: mode, eventsPerSecondRatio: ratio, sustainedRatio: sustainedRatio, met: met))
                print("  \(pad(mode, 15, left: true)) acknowledged \(pad(fixed(ratio, 2), 6))×" + (budgeted ? "   \(met ? "MET   " : "MISSED")" : "")
                    + sustainedText + "   (\(fixed(a.eventsPerSecond, 0)) vs \(fixed(b.eventsPerSecond, 0)) events/s acknowledged)")
            }
        }
    }
    let subject = options.targets[0].name
    if let sequential = results.first(where: { $0.system == subject && $0.concurrency == 1 }) {
        let met = sequential.p99Ms < options.p99TargetMs
        p99Met = met
        allMet = allMet && met
        print("\(subject) p99 per transaction, sequential (budget < \(fixed(options.p99TargetMs, 1)) ms): "
            + "\(fixed(sequential.p99Ms, 2)) ms   \(met ? "MET" : "MISSED")")
    }
    for result in results where result.system == subject && result.concurrency > 1 {
        let note = result.p99Ms < options.p99TargetMs ? "also under" : "over"
        print("\(subject) p99 at \(result.concurrency) in flight: \(fixed(result.p99Ms, 2)) ms (\(note) the budget; "
            + "queueing included)")
    }
    print("Targets: \(allMet ? "ALL MET" : "NOT ALL MET")")

    if let path = options.jsonPath {
        try writeJSON(Summary(transactionsPerMode: options.transactions, eventsPerTransaction: options.eventsPerTransaction,
                              warmup: options.warmup, meanBodyBytes: meanBody, results: results, ratios: ratios,
                              ratioTarget: options.ratioTarget, p99TargetMs: options.p99TargetMs, p99Met: p99Met),
                      to: path)
        log("wrote \(path)")
    }
    return allMet
}

let options: Options
do {
    options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data(("IngestBench: \(error)\n\n\(Options.usage)\n").utf8))
    exit(2)
}
do {
    // A missed budget is a result, not a failure: the exit status says only whether the run completed.
    if let seconds = options.sustainSeconds {
        try await runSustained(options, seconds: seconds)
    } else {
        _ = try await runBenchmark(options)
    }
    exit(0)
} catch {
    FileHandle.standardError.write(Data(("IngestBench: \(error)\n").utf8))
    exit(1)
}
