import Retry
import Testing

@Suite struct BackoffTests {
    @Test func doublesFromTheBaseUpToTheCap() {
        let backoff = Backoff(base: .milliseconds(500), cap: .seconds(30))
        let delays = (1...9).map { backoff.delay(afterAttempt: $0) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16),
                           .seconds(30), .seconds(30), .seconds(30)])
    }

    @Test func expressesTheRedeliverySchedule() {
        // 2 s … 300 s, never giving up: what a finished answer waits between tries during an outage.
        let backoff = Backoff(base: .seconds(2), cap: .seconds(300))
        #expect(backoff.delay(afterAttempt: 1) == .seconds(2))
        #expect(backoff.delay(afterAttempt: 8) == .seconds(256))
        #expect(backoff.delay(afterAttempt: 9) == .seconds(300))
        #expect(backoff.allowsRetry(afterAttempt: 1_000_000))
    }

    @Test func hugeAttemptNumbersStayAtTheCap() {
        let backoff = Backoff(base: .nanoseconds(1), cap: .seconds(86_400 * 365))
        #expect(backoff.delay(afterAttempt: .max) == .seconds(86_400 * 365))
        #expect(Backoff(base: .zero, cap: .seconds(1)).delay(afterAttempt: .max) == .zero)
        #expect(Backoff(base: .seconds(1), cap: .seconds(1)).delay(afterAttempt: 0) == .seconds(1))
    }

    @Test func countsAttemptsIncludingTheFirst() {
        let backoff = Backoff(base: .seconds(1), cap: .seconds(2), maxAttempts: 3)
        #expect(backoff.allowsRetry(afterAttempt: 1))
        #expect(backoff.allowsRetry(afterAttempt: 2))
        #expect(!backoff.allowsRetry(afterAttempt: 3))
    }

    @Test func clampsNonsensicalSettings() {
        let backoff = Backoff(base: .seconds(-1), cap: .seconds(-5), maxAttempts: 0)
        #expect(backoff.base == .zero && backoff.cap == .zero && backoff.maxAttempts == 1)
        #expect(Backoff(base: .seconds(10), cap: .seconds(1)).cap == .seconds(10))
    }

    @Test func jitterOnlyShortensWithinItsFraction() {
        let backoff = Backoff(base: .seconds(10), cap: .seconds(10), jitter: 0.25)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let delay = backoff.jitteredDelay(afterAttempt: 1, using: &generator)
            #expect(delay <= .seconds(10) && delay >= .milliseconds(7_500))
        }
    }

    @Test func retryStopsAfterMaxAttemptsWithTheLastError() async {
        struct Failure: Error, Equatable { let attempt: Int }
        let backoff = Backoff(base: .milliseconds(1), cap: .milliseconds(2), maxAttempts: 3)
        var calls = 0
        var heard: [Int] = []
        await #expect(throws: Failure(attempt: 3)) {
            try await backoff.retry(willRetry: { _, attempt, _ in heard.append(attempt) }) {
                calls += 1
                throw Failure(attempt: calls)
            }
        }
        #expect(calls == 3)
        #expect(heard == [1, 2])
    }

    @Test func retryReturnsTheFirstSuccessAndHonoursShouldRetry() async throws {
        struct Permanent: Error {}
        struct Transient: Error {}
        let backoff = Backoff(base: .milliseconds(1), cap: .milliseconds(1))
        var calls = 0
        let value = try await backoff.retry {
            calls += 1
            if calls < 3 { throw Transient() }
            return calls
        }
        #expect(value == 3)

        calls = 0
        await #expect(throws: Permanent.self) {
            try await backoff.retry(shouldRetry: { $0 is Transient }) {
                calls += 1
                throw Permanent()
            }
        }
        #expect(calls == 1)
    }

    @Test func cancellationEndsTheSleepAtOnce() async {
        let backoff = Backoff(base: .seconds(3600), cap: .seconds(3600))
        let sleeper = Task { try await backoff.sleep(afterAttempt: 1) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test func cancellationEndsARetryLoop() async {
        struct Transient: Error {}
        let backoff = Backoff(base: .seconds(3600), cap: .seconds(3600))
        let started = AsyncStream<Void>.makeStream()
        let loop = Task {
            try await backoff.retry {
                started.continuation.yield()
                throw Transient()
            }
        }
        for await _ in started.stream { break }
        loop.cancel()
        await #expect(throws: CancellationError.self) { try await loop.value }
    }
}
