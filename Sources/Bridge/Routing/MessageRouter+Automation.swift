import Agents
import Foundation

extension MessageRouter {
    /// An automated turn (a job's run, a heartbeat, a webhook's delivery) in its chat, as its agent, streamed like any
    /// answer (buttons and files work), to its end. The answer carries its label, so people see why the agent spoke up.
    /// A heartbeat's answer is held until it is complete and posted only when it reports something.
    func runAutomated(_ automated: AutomatedTurn, in chat: ChatAddress) async {
        let turn = await runtime.submit(agent: automated.agent, chat: chat.chatKey, text: automated.prompt)
        var events = turn.events
        if automated.quietUnlessReported {
            guard let held = await Self.reported(turn.events) else {
                logger.debug("heartbeat: nothing to report", metadata: ["agent": "\(automated.agent)", "chat": "\(chat)"])
                await runtime.turnDelivered(turn.id)
                return
            }
            events = held
        }
        let surface = await transport.surface(for: chat.origin, as: automated.agent, fallback: AgentsConfiguration.mainAgentName)
        let streamer = await streamer(for: turn.id, agent: automated.agent, surface: surface, runtimeChat: chat, origin: nil, replyTo: nil,
                                      asker: nil, label: automated.label)
        await streamer.run(events)
    }

    /// Waits for the turn's end; nil when the answer is only the nothing-to-report marker, else the end replayed.
    static func reported(_ events: AsyncStream<AgentEvent>) async -> AsyncStream<AgentEvent>? {
        var text = ""
        var end: AgentEvent?
        for await event in events {
            switch event {
            case .text(let delta): text += delta
            case .finished(let result):
                if HeartbeatMarker.isNothingToReport(result.text.isEmpty ? text : result.text) { return nil }
                end = event
            case .failed: end = event
            default: break
            }
            if end != nil { break }
        }
        let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        continuation.yield(end ?? .failed(AgentError(.noOutput, "The heartbeat's turn ended without an answer.")))
        continuation.finish()
        return stream
    }
}
