import Retry

/// How the client rides out rate limits and a homeserver that is restarting: a `Backoff` plus the
/// homeserver-specific parts (which statuses are transient, how far to trust a `retry_after_ms` hint).
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 7, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries, for `doctor` and tests that want the first answer.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The same schedule as a `Backoff`: base, 2×base, 4×base … capped, `maxAttempts` in all.
    public var schedule: Backoff {
        Backoff(base: baseDelay, cap: max(maxDelay, baseDelay), maxAttempts: max(maxAttempts, 1))
    }

    /// Exponential backoff: base, 2×base, 4×base … capped.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        schedule.delay(afterAttempt: attempt)
    }

    /// What the homeserver asked for on a 429, capped so a bogus hint cannot stall us for hours.
    func rateLimitDelay(_ error: MatrixError, attempt: Int) -> Duration {
        guard let ms = error.retryAfterMs, ms >= 0 else { return backoff(afterAttempt: attempt) }
        // Compared in milliseconds before any Duration arithmetic, so no hint can overflow.
        let capMs = maxDelay.components.seconds.multipliedReportingOverflow(by: 1000)
        guard !capMs.overflow, Int64(ms) < capMs.partialValue + maxDelay.components.attoseconds / 1_000_000_000_000_000 else {
            return maxDelay
        }
        return .milliseconds(ms)
    }

    static func isTransient(status: Int) -> Bool { status == 502 || status == 503 || status == 504 }
}
