/// Exponential back-off: `base`, 2×`base`, 4×`base` … never above `cap`, for at most `maxAttempts`
/// attempts (`nil`: keep trying until cancelled). Every retry loop in Troupe uses this one type so the
/// arithmetic, the cap and the cancellation behaviour are written and tested once.
public struct Backoff: Sendable, Hashable {
    public var base: Duration
    public var cap: Duration
    /// Attempts in all, the first included; `nil` means unlimited.
    public var maxAttempts: Int?
    /// Fraction (0…1) of each delay that may be shaved off at random, so many waiters do not retry in step.
    public var jitter: Double

    /// A negative `base` counts as zero, a `cap` below `base` as `base`, fewer than one attempt as one.
    public init(base: Duration, cap: Duration, maxAttempts: Int? = nil, jitter: Double = 0) {
        // Clamped rather than trapped: these come from configuration too, and a negative base or a cap
        // below the base still has one sensible reading.
        self.base = max(base, .zero)
        self.cap = max(cap, self.base)
        self.maxAttempts = maxAttempts.map { max($0, 1) }
        self.jitter = min(max(jitter, 0), 1)
    }

    /// Whether another attempt may follow attempt number `attempt` (1-based).
    public func allowsRetry(afterAttempt attempt: Int) -> Bool {
        maxAttempts.map { attempt < $0 } ?? true
    }

    /// The wait after failed attempt `attempt` (1-based), before jitter. Doubles by repeated comparison
    /// with the cap rather than by a power, so no attempt number, however large, can overflow.
    public func delay(afterAttempt attempt: Int) -> Duration {
        guard base > .zero else { return .zero }
        var delay = base
        var step = 1
        while step < attempt {
            if delay > cap / 2 { return cap }
            delay = delay * 2
            step += 1
        }
        return min(delay, cap)
    }

    /// `delay(afterAttempt:)` with up to `jitter` of it removed at random.
    public func jitteredDelay(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let full = delay(afterAttempt: attempt)
        guard jitter > 0, full > .zero else { return full }
        return full * (1 - Double.random(in: 0...jitter, using: &generator))
    }

    /// Sleeps the (jittered) delay after attempt `attempt`. Throws `CancellationError` as soon as the
    /// task is cancelled, so a shutting-down loop never waits out its back-off.
    public func sleep(afterAttempt attempt: Int) async throws {
        var generator = SystemRandomNumberGenerator()
        try await Task.sleep(for: jitteredDelay(afterAttempt: attempt, using: &generator))
    }

    /// Runs `operation` until it succeeds, `shouldRetry` refuses the error, or the attempts run out;
    /// then the last error is thrown. `willRetry` hears each failure with the wait that follows it
    /// (for logging). Cancellation during a wait throws `CancellationError`.
    public func retry<T>(
        isolation: isolated (any Actor)? = #isolation,
        shouldRetry: (any Error) -> Bool = { _ in true },
        willRetry: (_ error: any Error, _ attempt: Int, _ delay: Duration) -> Void = { _, _, _ in },
        _ operation: () async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                guard !(error is CancellationError), !Task.isCancelled,
                      allowsRetry(afterAttempt: attempt), shouldRetry(error) else { throw error }
                var generator = SystemRandomNumberGenerator()
                let wait = jitteredDelay(afterAttempt: attempt, using: &generator)
                willRetry(error, attempt, wait)
                try await Task.sleep(for: wait)
                attempt += 1
            }
        }
    }
}
