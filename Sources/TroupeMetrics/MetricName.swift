/// Every metric Troupe records, named once (Prometheus conventions: `_total` counters, `_seconds` histograms,
/// base units). docs/operations.md lists them with their labels and meaning; keep the two in step.
public enum MetricName {
    // MARK: Ingest (MatrixAppService)
    /// Transactions the homeserver pushed that carried the right token and parsed (retries of one already stored included).
    public static let transactionsReceived = "troupe_transactions_received_total"
    /// Events in stored transactions, by `kind` (timeline, ephemeral, to_device) and `type`.
    public static let eventsReceived = "troupe_events_received_total"
    /// Time to write a transaction into the inbox (what the homeserver waits for before its `200`).
    public static let transactionStoreSeconds = "troupe_transaction_store_seconds"
    /// From a transaction being stored to all of its events being handled.
    public static let dispatchLagSeconds = "troupe_dispatch_lag_seconds"
    /// What the ingest path dropped instead of handling, by `problem`.
    public static let ingestProblems = "troupe_ingest_problems_total"
    /// Encrypted timeline events that reached the handlers without plaintext, by `reason`.
    public static let decryptFailures = "troupe_decrypt_failures_total"

    // MARK: Sending (MatrixAppService, Telegram)
    /// Messages (Matrix room events; Telegram messages and files) the homeserver or Bot API accepted, by `transport` and `type`.
    public static let messagesSent = "troupe_messages_sent_total"
    /// Requests to the homeserver or the Bot API sent again, by `transport` and `reason`.
    public static let requestRetries = "troupe_request_retries_total"

    // MARK: Agents
    /// Turns that ended, by `agent`, `provider` and `outcome`.
    public static let turns = "troupe_turns_total"
    /// From a turn starting (its concurrency slot taken) to its end, by `agent` and `provider`.
    public static let turnDurationSeconds = "troupe_turn_duration_seconds"
    /// From a turn starting to the first text of its answer, by `agent` and `provider`.
    public static let turnFirstTextSeconds = "troupe_turn_first_text_seconds"
    /// Sub-agent runs entering a state, by `state`.
    public static let runs = "troupe_runs_total"
    /// Unfinished runs right now, by `state` (accepted, queued, running).
    public static let runsActive = "troupe_runs_active"

    // MARK: Bridge
    /// Messages waiting in the delivery queue (outside turns: results, restart notices), due or backing off.
    public static let deliveryQueueDepth = "troupe_delivery_queue_depth"
    /// Failed Telegram `getUpdates` calls, by `reason`.
    public static let telegramPollErrors = "troupe_telegram_poll_errors_total"

    // MARK: Encryption (MatrixCrypto)
    /// Olm sessions stored for all agent devices.
    public static let olmSessions = "troupe_olm_sessions"
    /// Megolm sessions Troupe can decrypt with (received room keys).
    public static let megolmInboundSessions = "troupe_megolm_inbound_sessions"
    /// Megolm sessions Troupe encrypts with (one per agent device and room).
    public static let megolmOutboundSessions = "troupe_megolm_outbound_sessions"

    /// Histogram buckets (seconds) per duration metric; a backend without per-metric buckets uses its defaults.
    public static let durationBuckets: [String: [Duration]] = [
        transactionStoreSeconds: seconds([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
        dispatchLagSeconds: seconds([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]),
        turnDurationSeconds: seconds([1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600]),
        turnFirstTextSeconds: seconds([0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300]),
    ]

    private static func seconds(_ values: [Double]) -> [Duration] { values.map { .nanoseconds(Int64($0 * 1e9)) } }
}
