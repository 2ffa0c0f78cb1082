import Hummingbird
import Logging
import NIOCore
import Prometheus
import TroupeMetrics

/// `GET /metrics` on `metrics.hostname`/`port`: the registry the bootstrapped factory records into, in Prometheus'
/// text format. Its own listener, so scraping never competes with the homeserver's transactions.
struct MetricsListener: Sendable {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let registry: PrometheusCollectorRegistry

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/metrics") { _, _ in
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: Self.contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        return router
    }
}

extension PrometheusMetricsFactory {
    /// The factory `troupe run` bootstraps when `metrics.enabled`: Troupe's histogram buckets, recording into `registry`.
    public static func troupe(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = MetricName.durationBuckets
        return factory
    }
}
