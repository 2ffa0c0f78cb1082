import Agents
import CoreMetrics
import Foundation
import Logging
import Retry
import ServiceLifecycle
import TroupeMetrics

/// A message for a chat that is not an answer inside a turn (a restart notice; later the results of
/// background work).
public struct Delivery: Sendable, Equatable {
    public var id: String
    public var chat: ChatKey
    public var agent: String
    public var text: String
    public var attempts: Int
}

/// Why a delivery went to the fallback; the fallback says it in its room's language.
public enum DeliveryFailure: Sendable, Equatable, CustomStringConvertible {
    /// No transport in this process serves the chat.
    case noTransport(ChatKey)
    /// The transport refused it, or kept failing; the error's own text.
    case failed(String)

    public var description: String {
        switch self {
        case .noTransport(let chat): "no transport here serves the chat \(chat) (was it turned off?)"
        case .failed(let detail): detail
        }
    }
}

/// Durable delivery to whichever transport owns the chat: stored first, then sent; a failed send is
/// retried with back-off (across restarts), and a message its transport cannot take after
/// `maxAttempts` (or at all) goes to the agent's own Matrix room with an explanation — so nothing is
/// lost, and nothing meant for one messenger is posted on another except as that last resort.
public actor DeliveryQueue: Service {
    let store: any DeliveryQueueStore
    let routers: [MessageRouter]
    /// Last resort: posts the text, with why, where the agent's owners read (its own Matrix room).
    let fallback: @Sendable (Delivery, DeliveryFailure) async throws -> Void
    /// `baseDelay` seconds, doubling, at most 10 minutes, `maxAttempts` in all (kept across restarts).
    let schedule: Backoff
    let logger: Logger
    /// `troupe_delivery_queue_depth`: every stored delivery, due or backing off, read again after each change.
    let depth: CoreMetrics.Gauge
    private var wake: AsyncStream<Void>.Continuation?

    /// How long a claimed delivery is held for its send before it is due again (only after a crash mid-send).
    static let lease: TimeInterval = 300

    public init(store: any DeliveryQueueStore, routers: [MessageRouter], maxAttempts: Int = 8, baseDelay: Double = 2,
                logger: Logger, fallback: @escaping @Sendable (Delivery, DeliveryFailure) async throws -> Void) {
        self.store = store
        self.routers = routers
        schedule = Backoff(base: .seconds(baseDelay), cap: .seconds(600), maxAttempts: maxAttempts)
        self.logger = logger
        self.fallback = fallback
        depth = CoreMetrics.Gauge(label: MetricName.deliveryQueueDepth, factory: MetricsSystem.factory)
    }

    /// Stores the message; it goes out at once if its transport can take it. The same `id` twice is one delivery.
    public func enqueue(_ text: String, from agent: String, to chat: ChatKey, id: String) async throws {
        try await store.enqueue(id: id, chat: chat, agent: agent, text: text, at: Date())
        await recordDepth()
        wake?.yield()
    }

    public func run() async throws {
        let loop = DueWorkLoop()
        wake = loop.wake
        await loop.run { [self] in await self.sendDue() }
    }

    /// Tries every delivery that is due, oldest first.
    func sendDue(now: Date = Date()) async {
        let due: [Delivery]
        do {
            due = try await store.claimDue(at: now, leaseUntil: now.addingTimeInterval(Self.lease))
        } catch {
            logger.error("could not read pending deliveries", metadata: ["error": "\(error)"])
            return
        }
        for delivery in due { await attempt(delivery, now: now) }
        await recordDepth()
    }

    private func recordDepth() async {
        guard let count = try? await store.count() else { return }
        depth.record(count)
    }

    private func attempt(_ delivery: Delivery, now: Date) async {
        let fields: Logger.Metadata = ["chat": "\(delivery.chat)", "delivery": "\(delivery.id)", "attempt": "\(delivery.attempts + 1)"]
        guard let chat = ChatAddress(delivery.chat), let router = routers.owner(of: chat) else {
            await giveUp(delivery, reason: .noTransport(delivery.chat))
            return
        }
        do {
            try await router.deliver(delivery.text, from: delivery.agent, to: chat, id: delivery.id)
            try await remove(delivery)
        } catch {
            let permanent = error is MessageRouter.Refused
            if permanent || !schedule.allowsRetry(afterAttempt: delivery.attempts + 1) {
                logger.warning("giving up on a delivery", metadata: fields.merging(["error": "\(error)"]) { $1 })
                await giveUp(delivery, reason: .failed("\(error)"))
                return
            }
            let delay = schedule.delay(afterAttempt: delivery.attempts + 1)
            logger.warning("delivery failed; will retry", metadata: fields.merging(["error": "\(error)", "retry_in_s": "\(delay)"]) { $1 })
            do {
                try await store.reschedule(delivery.id, attempts: delivery.attempts + 1, next: now.addingTimeInterval(delay.seconds))
            } catch {
                logger.error("could not reschedule a delivery", metadata: fields.merging(["error": "\(error)"]) { $1 })
            }
        }
    }

    private func giveUp(_ delivery: Delivery, reason: DeliveryFailure) async {
        do {
            try await fallback(delivery, reason)
            try await remove(delivery)
        } catch {
            // Kept: a minute later the transport (and then the fallback) gets another chance.
            logger.error("could not deliver to the fallback either; keeping the message", metadata: [
                "chat": "\(delivery.chat)", "delivery": "\(delivery.id)", "error": "\(error)",
            ])
            try? await store.postpone(delivery.id, until: Date().addingTimeInterval(60))
        }
    }

    private func remove(_ delivery: Delivery) async throws {
        try await store.remove(delivery.id)
    }

    /// Pending deliveries, oldest first.
    func pending() async throws -> [Delivery] {
        try await store.pending()
    }
}
