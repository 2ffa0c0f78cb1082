import CoreMetrics
import TroupeMetrics

/// What the ingest path records for monitoring (see `MetricName`): transactions and events as they arrive, how
/// long the inbox write takes, how far the dispatcher runs behind, and the encrypted events that stayed unreadable.
/// The metrics are made from the factory current when this is created (the bootstrapped one, or a test's).
public final class IngestMetrics: Sendable {
    let transactions: CoreMetrics.Counter
    let events: LabelledMetrics<CoreMetrics.Counter>
    let storeTime: CoreMetrics.Timer
    let dispatchLag: CoreMetrics.Timer
    let decryptFailures: LabelledMetrics<CoreMetrics.Counter>

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        transactions = CoreMetrics.Counter(label: MetricName.transactionsReceived, factory: factory)
        // Anyone in a room can invent event types: past 100 distinct (kind, type) pairs the rest count as `other`.
        events = LabelledMetrics(counter: MetricName.eventsReceived, labels: ["kind", "type"], limit: 100, factory: factory)
        storeTime = CoreMetrics.Timer(label: MetricName.transactionStoreSeconds, factory: factory)
        dispatchLag = CoreMetrics.Timer(label: MetricName.dispatchLagSeconds, factory: factory)
        decryptFailures = LabelledMetrics(counter: MetricName.decryptFailures, labels: ["reason"], factory: factory)
    }

    /// A transaction stored now; a retry of one stored before counts only as a transaction.
    func received(_ transaction: Transaction) {
        transactions.increment()
        for event in transaction.events { events("timeline", event.type).increment() }
        for event in transaction.ephemeral { events("ephemeral", event.type).increment() }
        for event in transaction.toDevice { events("to_device", event.type).increment() }
    }

    func decryptFailed(_ reason: UndecryptableReason) { decryptFailures(reason.metricLabel).increment() }
}

extension UndecryptableReason {
    /// The reason's kind without its details (device ids, event ids, free text), so the label stays bounded.
    var metricLabel: String {
        switch self {
        case .encryptionOff: "encryption_off"
        case .keyNeverArrived: "key_never_arrived"
        case .withheld: "withheld"
        case .replayed: "replayed"
        case .senderDeviceBelowLevel: "sender_device_below_level"
        case .tooManyWaiting: "too_many_waiting"
        case .failed: "failed"
        }
    }
}
