import Retry

/// `runtime.runs`: limits on sub-agent runs. Every limit is checked by `RunLimits` alone, on spawn and
/// on resume alike, and runs that are accepted or queued count as much as running ones.
public struct RunSettings: Sendable, Equatable, Codable {
    /// Runs executing at once; more wait in `queued`.
    public var maxConcurrent: Int
    /// Unfinished runs one chat may have (its agents' runs and their descendants).
    public var maxActivePerChat: Int
    /// A run started by an agent in a chat has depth 1, its children 2, and so on.
    public var maxDepth: Int
    /// Unfinished children one run may have.
    public var maxChildren: Int
    /// Unfinished runs overall.
    public var maxTotal: Int
    /// Seconds a run may take in all; a spawn may ask for less, never more.
    public var runTimeout: Double
    /// Tokens (input + output) a run may use; nil means no limit. A spawn may ask for less, never more.
    public var tokenBudget: Int?
    /// Delivery attempts before a result is marked `delivery_failed`.
    public var deliveryAttempts: Int
    /// Seconds before the first retry; each further retry waits twice as long (capped at 10 minutes).
    public var deliveryBackoff: Double

    public internal(set) var unknownKeys: [String] = []

    /// `deliveryBackoff`, doubling, capped at 10 minutes, `deliveryAttempts` in all. A base that is not a
    /// finite number of seconds counts as the cap rather than trapping in `Duration`.
    public var deliverySchedule: Backoff {
        let cap = Duration.seconds(600)
        let base = deliveryBackoff.isFinite ? Duration.seconds(min(max(deliveryBackoff, 0), 600)) : cap
        return Backoff(base: base, cap: cap, maxAttempts: deliveryAttempts)
    }

    public init(
        maxConcurrent: Int = 4, maxActivePerChat: Int = 8, maxDepth: Int = 2, maxChildren: Int = 5, maxTotal: Int = 32,
        runTimeout: Double = 3600, tokenBudget: Int? = nil, deliveryAttempts: Int = 8, deliveryBackoff: Double = 2
    ) {
        self.maxConcurrent = maxConcurrent
        self.maxActivePerChat = maxActivePerChat
        self.maxDepth = maxDepth
        self.maxChildren = maxChildren
        self.maxTotal = maxTotal
        self.runTimeout = runTimeout
        self.tokenBudget = tokenBudget
        self.deliveryAttempts = deliveryAttempts
        self.deliveryBackoff = deliveryBackoff
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxConcurrent = "max_concurrent"
        case maxActivePerChat = "max_active_per_chat"
        case maxDepth = "max_depth"
        case maxChildren = "max_children"
        case maxTotal = "max_total"
        case runTimeout = "run_timeout"
        case tokenBudget = "token_budget"
        case deliveryAttempts = "delivery_attempts"
        case deliveryBackoff = "delivery_backoff"
    }

    public init(from decoder: any Decoder) throws {
        let d = RunSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxConcurrent = try c.decodeIfPresent(Int.self, forKey: .maxConcurrent) ?? d.maxConcurrent
        maxActivePerChat = try c.decodeIfPresent(Int.self, forKey: .maxActivePerChat) ?? d.maxActivePerChat
        maxDepth = try c.decodeIfPresent(Int.self, forKey: .maxDepth) ?? d.maxDepth
        maxChildren = try c.decodeIfPresent(Int.self, forKey: .maxChildren) ?? d.maxChildren
        maxTotal = try c.decodeIfPresent(Int.self, forKey: .maxTotal) ?? d.maxTotal
        runTimeout = try c.decodeIfPresent(Double.self, forKey: .runTimeout) ?? d.runTimeout
        tokenBudget = try c.decodeIfPresent(Int.self, forKey: .tokenBudget)
        deliveryAttempts = try c.decodeIfPresent(Int.self, forKey: .deliveryAttempts) ?? d.deliveryAttempts
        deliveryBackoff = try c.decodeIfPresent(Double.self, forKey: .deliveryBackoff) ?? d.deliveryBackoff
        unknownKeys = decoder.unknownKeys(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxConcurrent, forKey: .maxConcurrent)
        try c.encode(maxActivePerChat, forKey: .maxActivePerChat)
        try c.encode(maxDepth, forKey: .maxDepth)
        try c.encode(maxChildren, forKey: .maxChildren)
        try c.encode(maxTotal, forKey: .maxTotal)
        try c.encode(runTimeout, forKey: .runTimeout)
        try c.encodeIfPresent(tokenBudget, forKey: .tokenBudget)
        try c.encode(deliveryAttempts, forKey: .deliveryAttempts)
        try c.encode(deliveryBackoff, forKey: .deliveryBackoff)
    }

    /// Problems as (key under `runtime.runs`, message).
    func problems() -> [(String, String)] {
        var found: [(String, String)] = []
        for (key, value) in [("max_concurrent", maxConcurrent), ("max_active_per_chat", maxActivePerChat), ("max_depth", maxDepth),
                             ("max_children", maxChildren), ("max_total", maxTotal), ("delivery_attempts", deliveryAttempts)]
        where value < 1 {
            found.append((key, "must be at least 1"))
        }
        if !(runTimeout > 0) { found.append(("run_timeout", "must be greater than 0")) }
        if let tokenBudget, tokenBudget < 1 { found.append(("token_budget", "must be at least 1 (leave it out for no limit)")) }
        if !(deliveryBackoff >= 0) { found.append(("delivery_backoff", "must not be negative")) }
        return found
    }
}
