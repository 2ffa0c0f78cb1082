import Agents
import Foundation
import Logging

/// Runs a due job where it was made: through the router whose transport owns the chat. When no transport owns it
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

    func run(_ job: ScheduledJob) async {
        if let router = routers.owner(of: job.chat.origin), await !router.transport.agents(in: job.chat.origin).isEmpty {
            await router.runJob(job, in: job.chat)
            return
        }
        guard let matrix, let room = await ownRoom?(job.agent) else {
            logger.error("a job's chat is gone and its agent has no room of its own; the run is dropped",
                         metadata: ["job": "\(job.id)", "chat": "\(job.chat)"])
            return
        }
        try? await matrix.deliver("⚠️ Job `\(job.id)` was made in \(job.chat.origin), where I can no longer post; its answer comes here.",
                                  from: job.agent, to: room, id: "troupe-job-moved-\(job.id)-\(Int(Date().timeIntervalSince1970))")
        await matrix.runJob(job, in: room)
    }
}
