import Agents

/// A messenger the agents are reachable on: Matrix, Telegram. The agent core only ever sees chat keys;
/// each transport recognises the keys it made and can post into those chats. This is what work done
/// outside a turn (notices after a restart, later the results of background work) uses to find its
/// way back to the chat it came from — and never into another messenger.
public protocol Transport: Sendable {
    /// Whether this transport made the chat key (and so can deliver to it).
    func owns(_ chat: ChatKey) -> Bool
    /// Posts Markdown as a notice from `agent` into the chat. `id` makes a retried delivery idempotent
    /// where the messenger supports it.
    func deliver(notice markdown: String, from agent: String, to chat: ChatKey, id: String) async throws
}

extension Array where Element == any Transport {
    /// The transport that owns the chat, if any.
    func owner(of chat: ChatKey) -> (any Transport)? { first { $0.owns(chat) } }
}
