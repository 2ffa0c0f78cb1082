/// The optional top-level `runtime:` section: global knobs for how turns run.
/// Durations are seconds (fractions allowed, which keeps tests fast).
public struct RuntimeSettings: Sendable, Equatable, Codable {
    /// Turns running at once across all conversations; more wait their turn.
    public var maxConcurrentTurns: Int
    /// A turn is stopped after this long, unless output keeps coming (see `timeoutExtension`).
    public var turnTimeout: Double
    /// A `status` event is sent this long before the limit.
    public var timeoutWarning: Double
    /// If the tool produced output in the last `timeoutExtension` seconds when the limit
    /// is reached, the limit moves this far forward; 0 disables extension.
    public var timeoutExtension: Double
    /// Hard ceiling on a turn, extensions included.
    public var maxTurnDuration: Double
    /// After SIGTERM on `stop`, wait this long before SIGKILL.
    public var killGrace: Double
    /// History budget for stateless (HTTP) providers: newest messages first, up to both limits.
    public var historyMaxMessages: Int
    public var historyMaxChars: Int
    /// `runtime.runs`: limits on sub-agent runs.
    public var runs: RunSettings

    public internal(set) var unknownKeys: [String] = []

    public init(
        maxConcurrentTurns: Int = 4, turnTimeout: Double = 900, timeoutWarning: Double = 60,
        timeoutExtension: Double = 300, maxTurnDuration: Double = 3600, killGrace: Double = 3,
        historyMaxMessages: Int = 40, historyMaxChars: Int = 32_000,
        runs: RunSettings = RunSettings()
    ) {
        self.maxConcurrentTurns = maxConcurrentTurns
        self.turnTimeout = turnTimeout
        self.timeoutWarning = timeoutWarning
        self.timeoutExtension = timeoutExtension
        self.maxTurnDuration = maxTurnDuration
        self.killGrace = killGrace
        self.historyMaxMessages = historyMaxMessages
        self.historyMaxChars = historyMaxChars
        self.runs = runs
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxConcurrentTurns = "max_concurrent_turns"
        case turnTimeout = "turn_timeout"
        case timeoutWarning = "timeout_warning"
        case timeoutExtension = "timeout_extension"
        case maxTurnDuration = "max_turn_duration"
        case killGrace = "kill_grace"
        case historyMaxMessages = "history_max_messages"
        case historyMaxChars = "history_max_chars"
        case runs
    }

    public init(from decoder: any Decoder) throws {
        let d = RuntimeSettings()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxConcurrentTurns = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentTurns) ?? d.maxConcurrentTurns
        turnTimeout = try c.decodeIfPresent(Double.self, forKey: .turnTimeout) ?? d.turnTimeout
        timeoutWarning = try c.decodeIfPresent(Double.self, forKey: .timeoutWarning) ?? d.timeoutWarning
        timeoutExtension = try c.decodeIfPresent(Double.self, forKey: .timeoutExtension) ?? d.timeoutExtension
        maxTurnDuration = try c.decodeIfPresent(Double.self, forKey: .maxTurnDuration) ?? d.maxTurnDuration
        killGrace = try c.decodeIfPresent(Double.self, forKey: .killGrace) ?? d.killGrace
        historyMaxMessages = try c.decodeIfPresent(Int.self, forKey: .historyMaxMessages) ?? d.historyMaxMessages
        historyMaxChars = try c.decodeIfPresent(Int.self, forKey: .historyMaxChars) ?? d.historyMaxChars
        runs = try c.decodeIfPresent(RunSettings.self, forKey: .runs) ?? d.runs
        unknownKeys = decoder.unknownKeys(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(maxConcurrentTurns, forKey: .maxConcurrentTurns)
        try c.encode(turnTimeout, forKey: .turnTimeout)
        try c.encode(timeoutWarning, forKey: .timeoutWarning)
        try c.encode(timeoutExtension, forKey: .timeoutExtension)
        try c.encode(maxTurnDuration, forKey: .maxTurnDuration)
        try c.encode(killGrace, forKey: .killGrace)
        try c.encode(historyMaxMessages, forKey: .historyMaxMessages)
        try c.encode(historyMaxChars, forKey: .historyMaxChars)
        try c.encode(runs, forKey: .runs)
    }
}
