import Agents
import Foundation

/// A Telegram chat (or forum topic) as a chat surface: Markdown goes out as Telegram's HTML, split at 4096
/// characters; menus are inline keyboards; "typing…" is a chat action. Every agent speaks through the same bot,
/// so an agent other than the bot's own is named above its messages.
struct TelegramSurface: ChatSurface {
    let api: TelegramBotAPI
    let ref: TelegramChatRef
    let speaker: String
    /// Names the speaker above its messages (the chat's bot is not that agent's).
    let showsSpeaker: Bool
    let mirror: TelegramMirror?

    var chat: ChatAddress { ref.address }
    /// Telegram shows a chat action for five seconds; renewing a little earlier keeps it steady.
    var typingRenewal: Duration { .seconds(4) }

    /// Telegram has no read receipts for bots: 👀 on the message says it reached an agent.
    func markSeen(_ message: MessageID) async {
        guard let id = Int64(message.rawValue) else { return }
        try? await api.setMessageReaction(chatID: ref.chatID, messageID: id, emoji: "👀")
    }

    func parts(of markdown: String, label: String?) -> [String] {
        var heading: [String] = []
        if showsSpeaker { heading.append(speaker) }
        if let label { heading.append("[\(label)]") }
        let rendered = TelegramHTML.render(markdown)
        return TelegramSplitter.split(heading.isEmpty ? rendered : "<b>\(TelegramHTML.escape(heading.joined(separator: " ")))</b>\n" + rendered)
    }

    /// Telegram has no idempotency key for sends: `options.key` is not used.
    func send(_ part: String, _ options: SendOptions) async throws -> MessageID {
        let sent = try await api.sendMessage(chatID: ref.chatID, html: part, threadID: ref.threadID, replyTo: options.replyTo.flatMap(Self.number),
                                             keyboard: options.menu.map { TelegramKeyboard.markup(for: $0.menu, token: $0.token) })
        return MessageID(String(sent.messageID))
    }

    /// Without a menu the edit also takes the buttons away (a menu marked done).
    func edit(_ message: MessageID, to part: String, _ options: SendOptions) async throws {
        guard let id = Self.number(message) else { return }
        try await api.editMessageText(chatID: ref.chatID, messageID: id, html: part,
                                      keyboard: options.menu.map { TelegramKeyboard.markup(for: $0.menu, token: $0.token) })
    }

    func retract(_ message: MessageID) async {
        guard let id = Self.number(message) else { return }
        try? await api.deleteMessage(chatID: ref.chatID, messageID: id)
    }

    func showTyping() async { try? await api.sendChatAction(chatID: ref.chatID, action: "typing", threadID: ref.threadID) }
    /// A chat action ends by itself after five seconds.
    func stopTyping() async {}

    func sendFile(_ file: FileMarkers.OpenedFile) async throws {
        // Telegram recompresses photos; only the formats it shows inline go as photos.
        let asPhoto = ["png", "jpg", "jpeg", "webp"].contains(file.url.pathExtension.lowercased())
        _ = try await api.sendFile(chatID: ref.chatID, name: file.url.lastPathComponent, data: file.data, asPhoto: asPhoto, threadID: ref.threadID)
    }

    func answerPress(_ press: String, _ text: String, alert: Bool) async throws {
        try await api.answerCallbackQuery(press, text: text.isEmpty ? nil : text, showAlert: alert)
    }

    /// The buttons carry the options: the message shows the title (and the page, when there are several).
    func text(of menu: OptionMenu, in text: Localizer) -> String {
        let title = menu.title.isEmpty ? text.menuChoose : menu.title
        return menu.pageCount > 1 ? title + "\n\n" + text.menuPageShort(menu.page + 1, of: menu.pageCount) : title
    }

    func isPermanent(_ error: any Error) -> Bool { (error as? TelegramError)?.isPermanent ?? false }

    func record(_ markdown: String, notice: Bool, menu: OptionMenu?) {
        mirror?.agentSaid(menu.map { TelegramMirror.menuText($0) } ?? markdown, agent: speaker, in: ref, notice: notice)
    }

    private static func number(_ message: MessageID) -> Int64? { Int64(message.rawValue) }
}
