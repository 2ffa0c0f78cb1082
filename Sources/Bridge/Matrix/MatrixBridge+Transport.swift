import Agents
import MatrixAppService

extension MatrixBridge: Transport {
    public func owns(_ chat: ChatKey) -> Bool { chat.rawValue.hasPrefix(Self.chatPrefix) }

    public func deliver(notice markdown: String, from agent: String, to chat: ChatKey, id: String) async throws {
        let room = RoomID(String(chat.rawValue.dropFirst(Self.chatPrefix.count)))
        _ = try await appservice.intent(for: presence.userID(of: agent)).sendMessage(
            room, content: MatrixContent.message(markdown, msgtype: "m.notice"), txnID: id)
    }
}
