import Agents
import Foundation
import Logging
import MatrixAppService

/// Posts a finished run's outcome where the run was started: in the room its routing captured, as the agent
/// that asked for it, so the answer reads as that agent's reply. A throw makes the run manager retry later.
struct MatrixResultSink: ResultSink {
    let presence: AgentPresence
    let logger: Logger

    struct NotAMatrixChat: Error, CustomStringConvertible {
        let chat: ChatKey
        var description: String { "the run was started in \(chat), which is not a Matrix room; there is nowhere to post its result" }
    }

    func deliver(_ delivery: RunResultDelivery) async throws {
        guard delivery.routing.chat.rawValue.hasPrefix(MatrixBridge.chatPrefix) else { throw NotAMatrixChat(chat: delivery.routing.chat) }
        let room = RoomID(String(delivery.routing.chat.rawValue.dropFirst(MatrixBridge.chatPrefix.count)))
        let intent = presence.appservice.intent(for: presence.userID(of: delivery.routing.agent))
        let text = delivery.text.isEmpty ? "Run \(delivery.run) by \(delivery.worker) ended: \(delivery.state.rawValue)." : delivery.text
        // Derived from the delivery, so a retry after a crash between send and bookkeeping lands once.
        let id = try await intent.sendMessage(room, content: MatrixContent.message(text), txnID: "troupe-run-\(delivery.run)-\(delivery.id)")
        try? await presence.store.recordSent(id, room: room, agent: delivery.routing.agent)
        logger.info("run result posted", metadata: ["run": "\(delivery.run)", "room_id": "\(room)", "agent": "\(delivery.routing.agent)"])
    }
}
