import CoreMetrics
import TroupeMetrics

/// Messages a transport got accepted and the requests it had to send again (see `MetricName`). Matrix counts room
/// events by event type; Telegram counts its send methods.
public final class SendMetrics: Sendable {
    public enum RetryReason: String, Sendable {
        /// A 429: the server asked us to wait.
        case rateLimited = "rate_limited"
        /// A 5xx the request may be sent again after.
        case serverError = "server_error"
        /// No answer: refused, timed out, cut off.
        case unreachable
    }

    let transport: String
    private let sent: LabelledMetrics<CoreMetrics.Counter>
    private let retries: LabelledMetrics<CoreMetrics.Counter>

    public init(transport: String, factory: any MetricsFactory = MetricsSystem.factory) {
        self.transport = transport
        sent = LabelledMetrics(counter: MetricName.messagesSent, labels: ["transport", "type"], factory: factory)
        retries = LabelledMetrics(counter: MetricName.requestRetries, labels: ["transport", "reason"], factory: factory)
    }

    public func sent(_ type: String) { sent(transport, type).increment() }
    public func retried(_ reason: RetryReason) { retries(transport, reason.rawValue).increment() }
}
