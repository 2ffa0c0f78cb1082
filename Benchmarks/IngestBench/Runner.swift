import AsyncHTTPClient
import NIOCore

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// One system under test.
struct Target: Sendable {
    let name: String
    /// Base URL, e.g. `http://127.0.0.1:29333`.
    let baseURL: String
    /// The server's process id, for CPU accounting and settling; optional.
    let pid: String?
}

/// Figures from one measured run.
struct RunResult: Sendable, Codable {
    var system: String
    var mode: String
    var concurrency: Int
    var transactions: Int
    var events: Int
    var wallSeconds: Double
    var eventsPerSecond: Double
    var transactionsPerSecond: Double
    var p50Ms: Double
    var p90Ms: Double
    var p99Ms: Double
    var maxMs: Double
    var meanMs: Double
    /// Server CPU from the start of the run until it went idle again (includes work done after answering).
    var serverCPUSeconds: Double?
    /// Time the server kept working after the last answer (dispatcher backlog, background handlers).
    var settleSeconds: Double?
    var clientCPUSeconds: Double?

    /// Events per second counting the time the server kept working after the last answer.
    var sustainedEventsPerSecond: Double? {
        settleSeconds.map { Double(events) / (wallSeconds + $0) }
    }
}

/// Closed-loop load generator: keeps `concurrency` PUTs in flight, each over a kept-alive HTTP/1.1 connection.
struct LoadRunner: Sendable {
    let client: HTTPClient
    let token: String
    let timeout: TimeAmount

    /// Sends every body once with fresh txn ids; returns per-transaction latencies in nanoseconds
    /// (request start → full response body received), indexed like `bodies`.
    func run(target: Target, bodies: [ByteBuffer], txnPrefix: String, concurrency: Int) async throws -> [UInt64] {
        var latencies = [UInt64](repeating: 0, count: bodies.count)
        let width = max(1, min(concurrency, bodies.count))
        try await withThrowingTaskGroup(of: (Int, UInt64).self) { group in
            var next = 0
            func launch(_ index: Int) {
                let body = bodies[index]
                group.addTask {
                    let nanos = try await self.put(target: target, txnID: "\(txnPrefix)-\(index)", body: body)
                    return (index, nanos)
                }
            }
            while next < width {
                launch(next)
                next += 1
            }
            while let (index, nanos) = try await group.next() {
                latencies[index] = nanos
                if next < bodies.count {
                    launch(next)
                    next += 1
                }
            }
        }
        return latencies
    }

    func put(target: Target, txnID: String, body: ByteBuffer) async throws -> UInt64 {
        var request = HTTPClientRequest(url: "\(target.baseURL)/_matrix/app/v1/transactions/\(txnID)")
        request.method = .PUT
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(body)
        let start = monotonicNanos()
        let response = try await client.execute(request, timeout: timeout)
        let answer = try await response.body.collect(upTo: 1 << 20)
        let elapsed = monotonicNanos() - start
        guard response.status == .ok else {
            throw BenchError(description: "\(target.name): PUT \(txnID) answered \(response.status.code): "
                + String(buffer: answer).prefix(300))
        }
        return elapsed
    }
}

enum Stats {
    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [UInt64], _ fraction: Double) -> UInt64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    static func millis(_ nanos: UInt64) -> Double { Double(nanos) / 1e6 }
}
