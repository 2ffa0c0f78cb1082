import Logging

/// The parts of Troupe that log under their own label (`troupe.<module>`), so `logging.levels` can make one of
/// them louder or quieter than `logging.level`.
public enum LogModule: String, CaseIterable, Sendable {
    /// The appservice endpoint, the inbox and dispatcher, requests to the homeserver, the start-up check.
    case appservice
    /// Agent users and rooms, messages in and answers out on Matrix.
    case matrix
    /// Olm/megolm devices, keys and cross-signing.
    case crypto
    /// Conversations, turns and the providers' CLIs.
    case agents
    /// Sub-agent runs.
    case runs
    case telegram
    /// Scheduled jobs, heartbeats and webhooks.
    case automation
    /// The control API the agents' tools call.
    case control
    /// Messages sent outside turns, and their retries.
    case delivery
    case metrics
    /// PostgreSQL: its connections, migrations and the active lock.
    case database

    public var label: String { "troupe.\(rawValue)" }

    public var logger: Logger { Logger(label: label) }

    /// The module a label belongs to: `troupe.matrix` and `matrix` both name `.matrix`.
    public init?(label: String) {
        self.init(rawValue: label.hasPrefix("troupe.") ? String(label.dropFirst("troupe.".count)) : label)
    }
}
