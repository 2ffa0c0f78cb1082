import Agents
import Foundation

/// Sends a run's result back to the chat it was started from. Matrix rooms get it straight away (posted as the
/// requesting agent; a throw makes the run manager retry). Other messengers' chats get it through the durable
/// delivery queue, which retries that transport and, as a last resort, posts it in the agent's own Matrix room
/// with the reason. Matrix-started work never leaks to another messenger, and the reverse neither.
struct RunResultRouter: ResultSink {
    let routers: [MessageRouter]
    let deliveries: DeliveryQueue?

    struct Undeliverable: Error, CustomStringConvertible {
        let chat: ChatKey
        var description: String { "no transport can take results for \(chat)" }
    }

    func deliver(_ delivery: RunResultDelivery) async throws {
        guard let chat = ChatAddress(delivery.routing.chat)?.origin else { throw Undeliverable(chat: delivery.routing.chat) }
        var text = delivery.text
        if text.isEmpty, let router = routers.owner(of: chat) {
            text = await router.text(for: chat).runEnded("\(delivery.run)", worker: delivery.worker, state: delivery.state)
        } else if text.isEmpty {
            text = Localizer().runEnded("\(delivery.run)", worker: delivery.worker, state: delivery.state)
        }
        // Derived from the delivery, so a retry after a crash between send and bookkeeping lands once.
        let id = "troupe-run-\(delivery.run)-\(delivery.id)"
        if chat.matrixRoom != nil, let router = routers.owner(of: chat) {
            try await router.deliver(text, from: delivery.routing.agent, to: chat, id: id, notice: false)
            return
        }
        guard let deliveries else { throw Undeliverable(chat: chat.chatKey) }
        try await deliveries.enqueue(text, from: delivery.routing.agent, to: chat.chatKey, id: "run-\(delivery.run)-\(delivery.id)")
    }
}
