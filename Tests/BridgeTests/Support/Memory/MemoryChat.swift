import Foundation
@testable import Bridge

/// An in-memory chat: what the surfaces of `MemoryTransport` put into it, in order. Tests read it; nothing leaves
/// the process.
public actor MemoryChat {
    public struct Message: Sendable, Equatable {
        public var id: MessageID
        public var chat: ChatAddress
        public var speaker: String
        public var text: String
        public var notice: Bool
        public var replyTo: MessageID?
        /// Buttons (or reactions) offered under it, by label.
        public var buttons: [String]
        /// Every text it had, the first included.
        public var history: [String]
    }

    public enum Event: Sendable, Equatable {
        case sent(MessageID)
        case edited(MessageID)
        case typing(ChatAddress)
        case file(ChatAddress, name: String)
        case pressAnswered(String, text: String, alert: Bool)
        /// Reactions the surface seeded on a menu's message, and their removal.
        case seeded(MessageID, keys: [String], seeds: [MessageID])
        case unseeded([MessageID])
        /// `streaming.seen`: the message was marked seen when it was handed to an agent.
        case seen(MessageID)
        /// Taken back (redacted, deleted): it is gone from `messages`.
        case retracted(MessageID)
    }

    public private(set) var messages: [Message] = []
    public private(set) var events: [Event] = []
    /// The next sends and edits fail with these errors, one each (a messenger that is down or refuses).
    private var failures: [any Error] = []
    private var nextID = 1

    public init() {}

    public func failNext(_ count: Int, with error: any Error) { failures += Array(repeating: error, count: count) }

    private func failIfAsked() throws {
        if !failures.isEmpty { throw failures.removeFirst() }
    }

    func send(_ text: String, speaker: String, chat: ChatAddress, options: SendOptions) throws -> MessageID {
        try failIfAsked()
        let id = MessageID("m\(nextID)")
        nextID += 1
        messages.append(Message(id: id, chat: chat, speaker: speaker, text: text, notice: options.notice, replyTo: options.replyTo,
                                buttons: options.menu.map { $0.menu.visible.map(\.label) } ?? [], history: [text]))
        events.append(.sent(id))
        return id
    }

    func edit(_ id: MessageID, to text: String, options: SendOptions) throws {
        try failIfAsked()
        guard let index = messages.firstIndex(where: { $0.id == id }) else { return }
        messages[index].text = text
        messages[index].history.append(text)
        messages[index].buttons = options.menu.map { $0.menu.visible.map(\.label) } ?? []
        events.append(.edited(id))
    }

    func note(_ event: Event) { events.append(event) }

    func retract(_ id: MessageID) {
        messages.removeAll { $0.id == id }
        events.append(.retracted(id))
    }

    func seed(_ keys: [String], on message: MessageID) -> [MessageID] {
        let seeds = keys.map { _ in
            defer { nextID += 1 }
            return MessageID("seed\(nextID)")
        }
        events.append(.seeded(message, keys: keys, seeds: seeds))
        return seeds
    }

    /// The seeded reactions still on `message`, in the order they were put there.
    public func seededKeys(on message: MessageID) -> [String] {
        var live: [(MessageID, String)] = []
        for event in events {
            switch event {
            case .seeded(let target, let keys, let seeds) where target == message: live += Array(zip(seeds, keys))
            case .unseeded(let gone): live.removeAll { gone.contains($0.0) }
            default: break
            }
        }
        return live.map(\.1)
    }

    public func messages(in chat: ChatAddress) -> [Message] { messages.filter { $0.chat == chat } }
    public func message(_ id: MessageID) -> Message? { messages.first { $0.id == id } }
}
