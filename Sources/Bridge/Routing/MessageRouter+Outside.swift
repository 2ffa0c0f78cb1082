import Agents
import Foundation

/// Messages that are no answer inside a turn (run results, notices after a restart): posted like answers, with
/// their buttons as menus and their files sent, through whichever surface the chat's transport offers.
extension MessageRouter {
    /// The transport refused the message for good; retrying it there is pointless.
    struct Refused: Error, CustomStringConvertible {
        let underlying: any Error
        var description: String { "\(underlying)" }
    }

    /// Posts `text` as `agent` in `chat`. `id` makes a retried post land once where the messenger can.
    /// Throws `Refused` when the messenger refused it for good, other errors when it may work later.
    public func deliver(_ text: String, from agent: String, to chat: ChatAddress, id: String, notice: Bool = true) async throws {
        let surface = await transport.surface(for: chat, as: agent, fallback: AgentsConfiguration.mainAgentName)
        do {
            try await surface.postMarked(text, notice: notice, key: .fixed(id), menus: menus,
                                         fileRoots: await runtime.fileRoots(agent: agent, chat: chat.chatKey),
                                         lifetime: streaming.menuLifetime, text: await self.text(for: chat))
        } catch where surface.isPermanent(error) {
            throw Refused(underlying: error)
        }
    }
}
