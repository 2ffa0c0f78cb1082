import Agents
import Foundation
import Logging

/// Runs an automated turn (a due job, a heartbeat, a webhook's delivery) where it was made: through the router whose transport owns the chat. When no transport owns it
/// any more (Telegram turned off, the room gone), the answer goes to the agent's own Matrix room with a line saying why.
actor JobRunner {
    private var routers: [MessageRouter] = []
    private var matrix: MessageRouter?
    private var ownRoom: (@Sendable (String) async -> ChatAddress?)?
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// The routers are made after the scheduler (their commands need it), so they join here.
    func use(_ routers: [MessageRouter], matrix: MessageRouter, ownRoom: @escaping @Sendable (String) async -> ChatAddress?) {
        self.routers = routers
        self.matrix = matrix
        self.ownRoom = ownRoom
    }

    func run(_ turn: AutomatedTurn) async {
        if let router = routers.owner(of: turn.chat.origin), await !router.transport.agents(in: turn.chat.origin).isEmpty {
            await router.runAutomated(turn, in: turn.chat)
            return
        }
        guard let matrix, let room = await ownRoom?(turn.agent) else {
            logger.error("an automated turn's chat is gone and its agent has no room of its own; the turn is dropped",
                         metadata: ["source": "\(turn.source)", "chat": "\(turn.chat)"])
            return
        }
        let text = await matrix.text(for: room)
        try? await matrix.deliver(text.automatedMoved(turn.source, chat: "\(turn.chat.origin)"), from: turn.agent, to: room,
                                  id: "troupe-moved-\(Localizer().automatedLabel(turn.source))-\(Int(Date().timeIntervalSince1970))")
        await matrix.runAutomated(turn, in: room)
    }
}
