import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Resident memory of a process, from `/proc/<pid>/status` (VmRSS); nil off Linux or when it is gone.
enum ProcessMemory {
    static func residentMegabytes(pid: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kilobytes = Double(fields[1]) { return kilobytes / 1024 }
        }
        return nil
    }
}

/// A counter the load workers share.
final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)
    /// Returns the value before the increment.
    func next() -> Int { value.add(1, ordering: .relaxed).oldValue }
    var current: Int { value.load(ordering: .relaxed) }
}

/// One line of a sustained run: seconds since the load started, events acknowledged so far, the
/// server's resident memory.
struct MemorySample: Sendable, Codable {
    var seconds: Double
    var events: Int
    var rssMB: Double?
    var phase: String
}

struct SustainedResult: Sendable, Codable {
    var system: String
    var loadSeconds: Double
    var concurrency: Int
    var transactions: Int
    var events: Int
    var eventsPerSecond: Double
    var samples: [MemorySample]
    var peakRSSMB: Double?
}

/// Sends transactions for a fixed time, closed loop, reusing the corpus bodies with fresh event ids each
/// round, and samples the server's resident memory during the load and after it stops.
struct SustainedLoad: Sendable {
    let runner: LoadRunner
    let corpus: Corpus
    let seconds: Double
    let sampleEvery: Double
    let afterSeconds: Double
    let concurrency: Int

    func run(target: Target, runTag: String) async throws -> SustainedResult {
        let next = SharedCounter()
        let done = SharedCounter()
        let start = monotonicNanos()
        let deadline = start + UInt64(seconds * 1e9)
        let count = corpus.bodies.count
        let perTransaction = corpus.eventsPerTransaction
        var samples: [MemorySample] = []
        func sample(_ phase: String) {
            let elapsed = Double(monotonicNanos() - start) / 1e9
            let rss = target.pid.flatMap { ProcessMemory.residentMegabytes(pid: $0) }
            samples.append(MemorySample(seconds: elapsed, events: done.current * perTransaction, rssMB: rss, phase: phase))
            log("  \(phase) t=\(fixed(elapsed, 0)) s: \(done.current) txns acknowledged, RSS \(rss.map { fixed($0, 1) } ?? "n/a") MB")
        }
        sample("start")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while monotonicNanos() < deadline {
                        let sequence = next.next()
                        let body = corpus.body(sequence % count, round: sequence / count)
                        _ = try await runner.put(target: target, txnID: "\(runTag)-s\(sequence)", body: body)
                        _ = done.next()
                    }
                }
            }
            // The sampler runs in this task while the workers load the server.
            var nextSample = sampleEvery
            while monotonicNanos() < deadline {
                try await Task.sleep(nanoseconds: 200_000_000)
                if Double(monotonicNanos() - start) / 1e9 >= nextSample {
                    sample("load")
                    nextSample += sampleEvery
                }
            }
            try await group.waitForAll()
        }
        let loadSeconds = Double(monotonicNanos() - start) / 1e9
        let transactions = done.current
        sample("load end")
        if let pid = target.pid {
            _ = await ProcessCPU.settle(pid: pid, limitSeconds: 300)
            sample("idle")
        }
        var waited = 0.0
        while waited < afterSeconds {
            try await Task.sleep(nanoseconds: UInt64(sampleEvery * 1e9))
            waited += sampleEvery
            sample("after")
        }
        return SustainedResult(
            system: target.name, loadSeconds: loadSeconds, concurrency: concurrency, transactions: transactions,
            events: transactions * perTransaction, eventsPerSecond: Double(transactions * perTransaction) / loadSeconds,
            samples: samples, peakRSSMB: samples.compactMap(\.rssMB).max())
    }
}

func printSustained(_ results: [SustainedResult], budgetMB: Double) {
    print("")
    for result in results {
        print("\(result.system): \(result.transactions) transactions (\(result.events) events) in \(fixed(result.loadSeconds, 1)) s, "
            + "\(result.concurrency) in flight: \(fixed(result.eventsPerSecond, 0)) events/s")
        print("  " + pad("phase", 9, left: true) + pad("t s", 7) + pad("events", 10) + pad("RSS MB", 9))
        for sample in result.samples {
            print("  " + pad(sample.phase, 9, left: true) + pad(fixed(sample.seconds, 0), 7) + pad("\(sample.events)", 10)
                + pad(sample.rssMB.map { fixed($0, 1) } ?? "n/a", 9))
        }
    }
    if results.count >= 2, results[1].eventsPerSecond > 0 {
        print("")
        print("Sustained events/s, \(results[0].system) ÷ \(results[1].system): \(fixed(results[0].eventsPerSecond / results[1].eventsPerSecond, 2))×")
    }
    if let first = results.first, let peak = first.peakRSSMB {
        let last = first.samples.last?.rssMB ?? peak
        print("\(first.system) peak RSS \(fixed(peak, 1)) MB (budget < \(fixed(budgetMB, 0)) MB: \(peak < budgetMB ? "MET" : "MISSED")); "
            + "after the load \(fixed(last, 1)) MB")
    }
}
