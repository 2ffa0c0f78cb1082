import CoreMetrics
import Synchronization
import TroupeMetrics

/// Counters for what the ingest path had to drop instead of handle, so an operator (and a test) can see
/// that it happened without grepping logs. Shared by the endpoint and the dispatcher; totals since start.
public final class IngestStats: Sendable {
    /// Items of stored transactions that could not be parsed into events (wrong shape, nested too deep).
    private let droppedItemsCount = Atomic<Int>(0)
    /// Events that parsed but failed while being applied (for example state that cannot be stored).
    private let failedEventsCount = Atomic<Int>(0)
    /// Transaction bodies larger than `appservice.max_body_bytes`, answered and discarded.
    private let oversizedBodiesCount = Atomic<Int>(0)
    /// Stored transactions skipped after they failed to finish `InboxPolicy.maxReplays` times.
    private let poisonedTransactionsCount = Atomic<Int>(0)

    /// The same four as `troupe_ingest_problems_total{problem}`.
    private let problems: LabelledMetrics<CoreMetrics.Counter>

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        problems = LabelledMetrics(counter: MetricName.ingestProblems, labels: ["problem"], factory: factory)
    }

    public var droppedItems: Int { droppedItemsCount.load(ordering: .relaxed) }
    public var failedEvents: Int { failedEventsCount.load(ordering: .relaxed) }
    public var oversizedBodies: Int { oversizedBodiesCount.load(ordering: .relaxed) }
    public var poisonedTransactions: Int { poisonedTransactionsCount.load(ordering: .relaxed) }

    /// Each returns the new total, for the log line.
    @discardableResult func droppedItem() -> Int {
        problems("dropped_item").increment()
        return droppedItemsCount.add(1, ordering: .relaxed).newValue
    }
    @discardableResult func failedEvent() -> Int {
        problems("failed_event").increment()
        return failedEventsCount.add(1, ordering: .relaxed).newValue
    }
    @discardableResult func oversizedBody() -> Int {
        problems("oversized_body").increment()
        return oversizedBodiesCount.add(1, ordering: .relaxed).newValue
    }
    @discardableResult func poisonedTransaction() -> Int {
        problems("poisoned_transaction").increment()
        return poisonedTransactionsCount.add(1, ordering: .relaxed).newValue
    }
}
