import Agents
import Foundation

/// Sends a run's result back on the transport it was started from. Matrix rooms get it straight away (posted as
/// the requesting agent; a throw makes the run manager retry). Other messengers' chats get it through the
/// durable delivery queue, which retries that transport and, as a last resort, posts it in the agent's own
/// Matrix room with the reason — Matrix-started work never leaks to another messenger, and the reverse neither.
struct RunResultRouter: ResultSink {
    let matrix: MatrixResultSink
    let deliveries: DeliveryQueue?

    struct Undeliverable: Error, CustomStringConvertible {
        let chat: ChatKey
        var description: String { "no transport can take results for \(chat)" }
    }

    func deliver(_ delivery: RunResultDelivery) async throws {
        if MatrixResultSink.room(for: delivery.routing.chat) != nil {
            try await matrix.deliver(delivery)
            return
        }
        let chat = ChatKey(RunCommands.originChat(delivery.routing.chat))
        guard let deliveries else { throw Undeliverable(chat: chat) }
        let text = delivery.text.isEmpty ? "Run \(delivery.run) by \(delivery.worker) ended: \(delivery.state.rawValue)." : delivery.text
        try await deliveries.enqueue(text, from: delivery.routing.agent, to: chat, id: "run-\(delivery.run)-\(delivery.id)")
    }
}
