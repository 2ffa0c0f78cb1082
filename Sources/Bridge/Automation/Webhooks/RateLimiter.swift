import Foundation

/// At most `limit` events per key in any `window`: a sliding window of the accepted events' times.
actor RateLimiter {
    let limit: Int
    let window: TimeInterval
    let now: @Sendable () -> Date
    private var accepted: [String: [Date]] = [:]

    init(limit: Int, window: TimeInterval = 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// True (and counted) when `key` is under its limit now.
    func allow(_ key: String) -> Bool {
        let at = now()
        var times = accepted[key, default: []].filter { at.timeIntervalSince($0) < window }
        guard times.count < limit else {
            accepted[key] = times
            return false
        }
        times.append(at)
        accepted[key] = times
        return true
    }
}
