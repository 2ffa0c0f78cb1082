import CoreMetrics
import Synchronization

/// One metric per combination of label values, made once and then reused: the hot path pays a dictionary lookup
/// under a lock instead of a factory call (which validates the name and takes the registry's lock each time).
///
/// Label values are bounded: past `limit` distinct combinations, new ones are recorded under `other`, so a stream
/// of odd values (custom event types anyone can send) cannot grow the number of series without end.
public final class LabelledMetrics<Metric: Sendable>: Sendable {
    public static var overflowValue: String { "other" }

    private let names: [String]
    private let limit: Int
    private let make: @Sendable ([(String, String)]) -> Metric
    private let cache = Mutex<[[String]: Metric]>([:])

    public init(labels names: [String], limit: Int = 64, make: @escaping @Sendable ([(String, String)]) -> Metric) {
        self.names = names
        self.limit = limit
        self.make = make
    }

    /// The metric for these label values, in the order of `labels`.
    public func callAsFunction(_ values: String...) -> Metric { metric(values) }

    public func metric(_ values: [String]) -> Metric {
        cache.withLock { cache in
            if let known = cache[values] { return known }
            let key = cache.count < limit ? values : values.map { _ in Self.overflowValue }
            if let overflow = cache[key] { return overflow }
            let created = make(Array(zip(names, key)))
            cache[key] = created
            return created
        }
    }
}

extension LabelledMetrics where Metric == CoreMetrics.Counter {
    public convenience init(counter name: String, labels: [String], limit: Int = 64, factory: any MetricsFactory) {
        self.init(labels: labels, limit: limit) { CoreMetrics.Counter(label: name, dimensions: $0, factory: factory) }
    }
}

extension LabelledMetrics where Metric == CoreMetrics.Timer {
    public convenience init(timer name: String, labels: [String], limit: Int = 64, factory: any MetricsFactory) {
        self.init(labels: labels, limit: limit) { CoreMetrics.Timer(label: name, dimensions: $0, factory: factory) }
    }
}

extension LabelledMetrics where Metric == CoreMetrics.Gauge {
    public convenience init(gauge name: String, labels: [String], limit: Int = 64, factory: any MetricsFactory) {
        self.init(labels: labels, limit: limit) { CoreMetrics.Gauge(label: name, dimensions: $0, factory: factory) }
    }
}

extension CoreMetrics.Timer {
    /// Records a `Duration` (swift-metrics' timers take nanoseconds); a negative one counts as zero.
    public func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        recordNanoseconds(overflow ? Int64.max : max(0, whole + attoseconds / 1_000_000_000))
    }
}
