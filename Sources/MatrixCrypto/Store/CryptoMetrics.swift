import CoreMetrics
import TroupeMetrics

/// The olm and megolm sessions held, as gauges (see `MetricName`); whoever owns the schedule calls `record`.
public final class CryptoMetrics: Sendable {
    private let olm: CoreMetrics.Gauge
    private let megolmInbound: CoreMetrics.Gauge
    private let megolmOutbound: CoreMetrics.Gauge

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        olm = CoreMetrics.Gauge(label: MetricName.olmSessions, factory: factory)
        megolmInbound = CoreMetrics.Gauge(label: MetricName.megolmInboundSessions, factory: factory)
        megolmOutbound = CoreMetrics.Gauge(label: MetricName.megolmOutboundSessions, factory: factory)
    }

    public func record(_ counts: CryptoSessionCounts) {
        olm.record(counts.olm)
        megolmInbound.record(counts.megolmInbound)
        megolmOutbound.record(counts.megolmOutbound)
    }
}
