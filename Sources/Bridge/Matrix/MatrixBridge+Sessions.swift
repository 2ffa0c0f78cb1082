import Agents
import Foundation
import MatrixAppService

/// Named side sessions in Matrix rooms: `!session` starts one, `@name TEXT` continues it.
extension MatrixBridge {
    /// The session a message continues (`@name TEXT`, name of a session in this room) and the text for it.
    func namedSessionMessage(_ body: String, room: RoomID) async throws -> (NamedSession, String)? {
        try await NamedSessionStore.message(body, continuing: sessions, in: Self.chatKey(room).rawValue)
    }

    /// Runs a side session's turn. Its agent answers as itself when it is in the room; otherwise the agent that
    /// took the command speaks for it (the label names the session either way).
    func startSideTurn(_ turn: SideTurn, event: ClientEvent, fallback: (name: String, user: UserID)) async {
        let user = presence.userID(of: turn.agent)
        let joined = (try? await appservice.state.membership(room: event.roomID, user: user)) == .join
        await stream(agent: turn.agent, speaker: joined ? user : fallback.user, chat: ChatKey(turn.chat), text: turn.text,
                     event: event, label: joined ? turn.label : "\(turn.label) · \(turn.agent)")
    }
}
