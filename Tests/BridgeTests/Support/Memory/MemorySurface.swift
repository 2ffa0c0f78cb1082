import Foundation
@testable import Bridge

/// A chat surface that writes into a `MemoryChat`: the third implementation beside Matrix and Telegram, so the
/// router and the streamer are tested without a homeserver or a bot. Parts are cut at `limit` characters.
public struct MemorySurface: ChatSurface {
    public let chat: ChatAddress
    public let speaker: String
    let store: MemoryChat
    let limit: Int

    public init(chat: ChatAddress, speaker: String, store: MemoryChat, limit: Int = 4000) {
        self.chat = chat
        self.speaker = speaker
        self.store = store
        self.limit = limit
    }

    public var typingRenewal: Duration { .milliseconds(50) }

    public func parts(of markdown: String, label: String?) -> [String] {
        MessageSplitter.split(label.map { "[\($0)] " + markdown } ?? markdown, limit: limit)
    }

    public func send(_ part: String, _ options: SendOptions) async throws -> MessageID {
        try await store.send(part, speaker: speaker, chat: chat, options: options)
    }

    public func edit(_ message: MessageID, to part: String, _ options: SendOptions) async throws {
        try await store.edit(message, to: part, options: options)
    }

    public func retract(_ message: MessageID) async { await store.retract(message) }

    public func showTyping() async { await store.note(.typing(chat)) }
    public func stopTyping() async {}

    public func sendFile(_ file: FileMarkers.OpenedFile) async throws {
        await store.note(.file(chat, name: file.url.lastPathComponent))
    }

    public func answerPress(_ press: String, _ text: String, alert: Bool) async throws {
        await store.note(.pressAnswered(press, text: text, alert: alert))
    }

    public func text(of menu: OptionMenu, in text: Localizer) -> String { menu.render(text) }

    /// Seeds the menu's digits like Matrix does, so tests see them come and go.
    public func attach(_ menu: OptionMenu, to message: MessageID) async -> [MessageID] {
        await store.seed(menu.reactionKeys, on: message)
    }

    public func detach(_ seeds: [MessageID]) async { await store.note(.unseeded(seeds)) }

    public func isPermanent(_ error: any Error) -> Bool { error is MemoryTransport.Refusal }
}

extension MemorySurface {
    public func markSeen(_ message: MessageID) async { await store.note(.seen(message)) }
}
