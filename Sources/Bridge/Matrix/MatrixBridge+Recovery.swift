import Agents
import Foundation
import MatrixAppService

/// Turns a previous process left unfinished in a Matrix room, taken up at start-up: a stored answer is
/// delivered, an interrupted turn is resumed; both stream into the room as a reply to the original event,
/// under the same transaction ids the first attempt used, so nothing posted before the crash appears twice.
extension MatrixBridge {
    /// Returns false if the turn is not one this transport answers (not a Matrix room, or no event to answer).
    func recover(_ turn: InterruptedTurn) async -> Bool {
        let origin = RunCommands.originChat(turn.chat)
        guard turn.chat.rawValue.hasPrefix(Self.chatPrefix), origin.hasPrefix(Self.chatPrefix), let source = turn.origin else {
            return false
        }
        let events: AsyncStream<AgentEvent>
        switch turn.recovery {
        case .deliver(let answer):
            let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
            continuation.yield(.finished(TurnResult(text: answer)))
            continuation.finish()
            events = stream
        case .resume:
            // Nil: already taken up, or its agent is gone; either way nothing more to show here.
            guard let resumed = await runtime.resume(turn) else { return true }
            events = resumed.events
        case .giveUp:
            return false
        }
        let room = RoomID(String(origin.dropFirst(Self.chatPrefix.count)))
        // A named session's chat is "<room chat>#<name>": its answers carry the name, as when it was asked.
        let label = turn.chat.rawValue.count > origin.count ? String(turn.chat.rawValue.dropFirst(origin.count + 1)) : nil
        let own = presence.userID(of: turn.agent)
        let joined = (try? await appservice.state.membership(room: room, user: own)) == .join
        let speaker = joined ? own : appservice.botUserID
        let streamer = await streamer(
            for: turn.id, agent: turn.agent, speaker: speaker, chat: turn.chat, room: room, answering: EventID(source.key),
            asker: UserID(source.requester ?? ""), label: joined ? label : label.map { "\($0) · \(turn.agent)" }, recovered: true)
        logger.info("taking up a turn left by the previous process", metadata: [
            "agent": "\(turn.agent)", "room_id": "\(room)", "event_id": "\(source.key)", "turn": "\(turn.id)",
            "recovery": "\(turn.recovery == .resume ? "resume" : "deliver")", "interruptions": "\(turn.interruptions)",
        ])
        Task { await streamer.run(events) }
        return true
    }
}
