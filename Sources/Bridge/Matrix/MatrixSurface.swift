import Agents
import Foundation
import MatrixAppService

/// A Matrix room as a chat surface, speaking as one agent user: Markdown goes out as `m.text`/`m.notice` with
/// HTML, edits are `m.replace`, menus are numbered lists the bot seeds with digit reactions, and sends that
/// answer a message carry transaction ids derived from it, so a resend after a crash lands once. In a thread,
/// every message (answers, menus, files) stays in it.
struct MatrixSurface: ChatSurface {
    let room: RoomID
    /// The thread's root, when this surface speaks in a thread.
    var thread: EventID? = nil
    let intent: Intent
    let speaker: String
    let store: any BridgeStore
    /// Told what the agent says, so a reply to it carries the text to the agent it is for.
    var recent: RecentMessages? = nil
    var speakerName: String? = nil

    var chat: ChatAddress { thread.map { .matrixThread(room, root: $0) } ?? .matrix(room) }
    var typingRenewal: Duration { .seconds(20) }

    func parts(of markdown: String, label: String?) -> [String] {
        MessageSplitter.split(label.map { "**[\($0)]** " + markdown } ?? markdown)
    }

    func send(_ part: String, _ options: SendOptions) async throws -> MessageID {
        let content = MatrixContent.message(part, msgtype: options.notice ? .notice : .text, replyTo: options.replyTo.map { EventID($0) },
                                            thread: thread)
        let id = try await intent.sendMessage(room, content, txnID: options.key.map(txnID))
        // Replies to an agent's message address that agent.
        try? await store.recordSent(id, room: room, agent: speaker)
        await recent?.remember(id, sender: speakerName ?? speaker, text: part)
        return MessageID(id)
    }

    func edit(_ message: MessageID, to part: String, _ options: SendOptions) async throws {
        _ = try await intent.sendMessage(room, MatrixContent.edit(of: EventID(message), part, msgtype: options.notice ? .notice : .text))
        await recent?.edited(EventID(message), text: part)
    }

    func retract(_ message: MessageID) async { _ = try? await intent.redact(room, event: EventID(message)) }

    func showTyping() async { try? await intent.setTyping(room, typing: true, timeoutMs: 30_000) }
    func stopTyping() async { try? await intent.setTyping(room, typing: false) }
    func markRead(_ message: MessageID) async { try? await intent.markRead(room, event: EventID(message)) }

    func sendFile(_ file: FileMarkers.OpenedFile) async throws {
        let name = file.url.lastPathComponent
        let mime = FileMarkers.mimeType(for: file.url)
        // Encrypted (and named by `file`) when the room is encrypted.
        var content = MessageContent(json: .object(try await intent.uploadAttachment(file.data, contentType: mime, filename: name, for: room)))
        content.msgtype = FileMarkers.msgtype(for: mime)
        content.body = name
        content.filename = name
        content.info = MediaInfo(mimetype: mime, size: Int64(file.data.count))
        content.relatesTo = thread.map { RelatesTo.inThread($0, replyTo: nil) }
        _ = try await intent.sendMessage(room, content)
    }

    func text(of menu: OptionMenu, in text: Localizer) -> String { menu.render(text) }

    /// One after the other, so clients show them in order.
    func attach(_ menu: OptionMenu, to message: MessageID) async -> [MessageID] {
        var seeds: [MessageID] = []
        for key in menu.reactionKeys {
            if let reaction = try? await intent.react(room, to: EventID(message), key: key) { seeds.append(MessageID(reaction)) }
        }
        return seeds
    }

    func detach(_ seeds: [MessageID]) async {
        for seed in seeds { _ = try? await intent.redact(room, event: EventID(seed)) }
    }

    /// A 4xx other than 429: the homeserver refused the event itself (the agent left, the event is too large).
    func isPermanent(_ error: any Error) -> Bool {
        guard let refusal = error as? MatrixError else { return false }
        return (400..<500).contains(refusal.status) && refusal.status != 429
    }

    private func txnID(_ key: SendOptions.Key) -> String {
        switch key {
        case .answering(let message, let purpose): ReplyTxnID.make(from: intent.userID, answering: EventID(message), purpose: purpose)
        case .fixed(let id): id
        }
    }
}
