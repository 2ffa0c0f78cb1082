import Agents
import Foundation

extension MessageRouter {
    /// A scheduled job's turn in its chat, as its agent, streamed like any answer (buttons and files work), to its
    /// end. The answer carries the job's id, so people see why the agent spoke up.
    func runJob(_ job: ScheduledJob, in chat: ChatAddress) async {
        let turn = await runtime.submit(agent: job.agent, chat: chat.chatKey, text: job.prompt)
        let surface = await transport.surface(for: chat.origin, as: job.agent, fallback: AgentsConfiguration.mainAgentName)
        let streamer = await streamer(for: turn.id, agent: job.agent, surface: surface, runtimeChat: chat, origin: nil, replyTo: nil,
                                      asker: nil, label: "⏰ \(job.id)")
        await streamer.run(turn.events)
    }
}
