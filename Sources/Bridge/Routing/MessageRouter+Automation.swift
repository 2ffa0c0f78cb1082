import Agents
import Foundation

extension MessageRouter {
    /// An automated turn (a job's run, a heartbeat, a webhook's delivery) in its chat, as its agent, streamed like any
    /// answer (buttons and files work), to its end. The answer carries its label, so people see why the agent spoke up.
    /// A heartbeat's answer is held until it is complete and posted only when it reports something.
    func runAutomated(_ automated: AutomatedTurn, in chat: ChatAddress) async {
        // Stored with an origin of its own, so a restart takes it up as what it was (see `recoverAutomated`).
        let origin = automated.storedOrigin(await text(for: chat))
        let turn = await runtime.submit(agent: automated.agent, chat: chat.chatKey, text: automated.prompt, origin: origin.origin)
        await stream(turn.events, of: turn.id, agent: automated.agent, in: chat, origin: origin)
    }

    /// An automated turn the previous process left unfinished: resumed (or its stored answer delivered) with its
    /// label, a heartbeat's still held back when it has nothing to report.
    func recoverAutomated(_ turn: InterruptedTurn, origin: AutomatedOrigin, in chat: ChatAddress) async -> Bool {
        let events: AsyncStream<AgentEvent>
        switch await recoveredEvents(turn) {
        case .show(let stream): events = stream
        case .nothingToShow: return true
        case .givenUp: return false
        }
        logger.info("taking up an automated turn left by the previous process",
                    metadata: ["agent": "\(turn.agent)", "chat": "\(chat.origin)", "turn": "\(turn.id)"])
        Task { await stream(events, of: turn.id, agent: turn.agent, in: chat, origin: origin) }
        return true
    }

    private func stream(_ events: AsyncStream<AgentEvent>, of turn: TurnID, agent: String, in chat: ChatAddress,
                        origin: AutomatedOrigin) async {
        var events = events
        if origin.quietUnlessReported {
            guard let held = await Self.reported(events) else {
                logger.debug("heartbeat: nothing to report", metadata: ["agent": "\(agent)", "chat": "\(chat)"])
                await runtime.turnDelivered(turn)
                return
            }
            events = held
        }
        let surface = await transport.surface(for: chat.origin, as: agent, fallback: AgentsConfiguration.mainAgentName)
        let streamer = await streamer(for: turn, agent: agent, surface: surface, runtimeChat: chat, origin: nil, replyTo: nil,
                                      asker: nil, label: origin.label)
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
        continuation.yield(end ?? .failed(AgentError(.endedWithoutAnswer)))
        continuation.finish()
        return stream
    }
}
