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

    /// The room a chat key leads to. A delegation chat (`delegate:<asker>:<asker's chat>`, where an agent answered
    /// a synchronous ask) leads to the asker's chat: nobody waits in the delegation chat any more, but the people
    /// in the room the chain started from do.
    static func room(for chat: ChatKey) -> RoomID? {
        let key = RunCommands.originChat(chat)
        guard key.hasPrefix(MatrixBridge.chatPrefix) else { return nil }
        let room = key.dropFirst(MatrixBridge.chatPrefix.count)
        return room.isEmpty ? nil : RoomID(String(room))
    }

    func deliver(_ delivery: RunResultDelivery) async throws {
        guard let room = Self.room(for: delivery.routing.chat) else { throw NotAMatrixChat(chat: delivery.routing.chat) }
        let intent = presence.appservice.intent(for: presence.userID(of: delivery.routing.agent))
        let text = delivery.text.isEmpty ? "Run \(delivery.run) by \(delivery.worker) ended: \(delivery.state.rawValue)." : delivery.text
        // Derived from the delivery, so a retry after a crash between send and bookkeeping lands once.
        let id = try await intent.sendMessage(room, content: MatrixContent.message(text), txnID: "troupe-run-\(delivery.run)-\(delivery.id)")
        try? await presence.store.recordSent(id, room: room, agent: delivery.routing.agent)
        logger.info("run result posted", metadata: ["run": "\(delivery.run)", "room_id": "\(room)", "agent": "\(delivery.routing.agent)"])
    }
}
