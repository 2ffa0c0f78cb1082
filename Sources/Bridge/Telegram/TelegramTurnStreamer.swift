import Agents
import Foundation
import Logging

/// Renders one agent turn into a Telegram chat: the first text sends the answer (as a reply to the
/// user's message), later text edits it (throttled), tool use shows as a status line, and the final
/// edit carries the whole answer, split over more messages past 4096 characters. "typing…" shows
/// while the turn runs. Buttons the agent offers become an inline keyboard on the last part.
struct TelegramTurnStreamer {
    let api: TelegramBotAPI
    let agent: String
    let chat: TelegramChatRef
    /// The user's message, which the answer replies to.
    let answering: Int64?
    /// Who may press the answer's buttons.
    let asker: String
    let settings: StreamingSettings
    let menus: MenuRegistry
    let menuMessages: TelegramMenuMessages
    let mirror: TelegramMirror?
    let model: String?
    /// Where `<file:…>` may send from: the agent's workspace and this chat's attachment folder.
    let fileRoots: [URL]
    /// Names the agent above its answer when the chat's bot is not that agent's (an `@name` message or
    /// a switched chat), since on Telegram every agent speaks through the same bot.
    let showAgentName: Bool
    /// A named session's name, shown before the answer (with the agent's name when that is shown too).
    var label: String? = nil
    let logger: Logger

    /// Telegram shows a chat action for five seconds; renewing a little earlier keeps it steady.
    static let typingRenewal = Duration.seconds(4)

    func run(_ events: AsyncStream<AgentEvent>) async {
        // An answer that comes at once needs no "typing…" (and the action would outlive the answer).
        let typing = Task { [api, chat] in
            try? await Task.sleep(for: .milliseconds(300))
            while !Task.isCancelled {
                try? await api.sendChatAction(chatID: chat.chatID, action: "typing", threadID: chat.threadID)
                try? await Task.sleep(for: Self.typingRenewal)
            }
        }
        defer { typing.cancel() }

        var text = ""
        var status: String?
        var messageID: Int64?
        var throttle = EditThrottle(interval: settings.editInterval, maxEdits: settings.maxEdits)
        var pendingEdit = false
        var shown: String?

        func show(_ markdown: String) async {
            // While streaming, only the first part fits in the one message being edited.
            let parts = TelegramSplitter.split(html(markdown))
            guard var body = parts.first else { return }
            if parts.count > 1 { body += "\n…" }
            guard body != shown else { return }
            do {
                if let messageID {
                    try await api.editMessageText(chatID: chat.chatID, messageID: messageID, html: body)
                } else {
                    messageID = try await api.sendMessage(chatID: chat.chatID, html: body, threadID: chat.threadID, replyTo: answering).messageID
                }
                shown = body
            } catch {
                logger.warning("could not show streamed text", metadata: ["chat": "\(chat.key)", "error": "\(error)"])
            }
        }

        func streamingBody() -> String {
            let visible = ButtonMarkers.extract(from: FileMarkers.extract(from: text).text).text
            guard let status else { return visible }
            return visible.isEmpty ? "_\(status)_" : "\(visible)\n\n_\(status)_"
        }

        for await event in events {
            switch event {
            case .queued(let ahead) where ahead > 0:
                _ = try? await api.sendMessage(chatID: chat.chatID, html: "<i>Queued: \(ahead) turn\(ahead == 1 ? "" : "s") ahead of yours.</i>",
                                               threadID: chat.threadID)
            case .text(let delta):
                text += delta
                status = nil
                pendingEdit = true
            case .toolUse(let name):
                status = "⚙️ using \(name)…"
                pendingEdit = true
            case .status(let message):
                status = message
                pendingEdit = true
            case .finished(let result):
                typing.cancel()
                await finish(result.text.isEmpty ? text : result.text, result: result, messageID: messageID, shown: shown)
                return
            case .failed(let error):
                typing.cancel()
                let partial = ButtonMarkers.extract(from: text).text
                let message = partial.isEmpty ? "⚠️ \(error.message)" : partial + "\n\n⚠️ \(error.message)"
                mirror?.agentSaid(message, agent: agent, in: chat, notice: true)
                await deliver(message, keyboard: nil, messageID: messageID, shown: shown)
                return
            default:
                break
            }
            // The first visible text goes out at once; later changes wait for the throttle.
            if pendingEdit && (messageID == nil ? !streamingBody().isEmpty : throttle.shouldEdit()) {
                if messageID == nil { _ = throttle.shouldEdit() }
                await show(streamingBody())
                pendingEdit = false
            }
        }
    }

    private func html(_ markdown: String) -> String {
        let rendered = TelegramHTML.render(markdown)
        var heading: [String] = []
        if showAgentName { heading.append(agent) }
        if let label { heading.append("[\(label)]") }
        return heading.isEmpty ? rendered : "<b>\(TelegramHTML.escape(heading.joined(separator: " ")))</b>\n" + rendered
    }

    private func finish(_ final: String, result: TurnResult, messageID: Int64?, shown: String?) async {
        let files = FileMarkers.extract(from: final)
        let extracted = ButtonMarkers.extract(from: files.text)
        var body = extracted.text.isEmpty && extracted.labels.isEmpty ? "_(no answer)_" : extracted.text
        if body.isEmpty { body = "…" }
        var menu: (OptionMenu, String)?
        if !extracted.labels.isEmpty {
            // The answer is the menu's title, so marking the menu done keeps the answer in place.
            let options = OptionMenu(title: extracted.text, options: extracted.labels.map { OptionMenu.Option($0) },
                                     purpose: .agentButtons(agent: agent), owner: asker, lifetime: settings.menuLifetime)
            menu = (options, TelegramKeyboard.newToken())
        }
        if settings.footer { body += "\n\n_" + TurnFooter.text(result, model: model) + "_" }
        let keyboard = menu.map { TelegramKeyboard.markup(for: $0.0, token: $0.1) }
        mirror?.agentSaid(menu.map { TelegramMirror.menuText($0.0) } ?? body, agent: agent, in: chat)
        if let (options, token) = menu {
            await menus.register(options, messageID: TelegramBridge.menuKey(chatID: chat.chatID, token: token), chat: chat.key)
        }
        let last = await deliver(body, keyboard: keyboard, messageID: messageID, shown: shown)
        if let (_, token) = menu, let last { await menuMessages.set(last, token: token) }
        if !files.paths.isEmpty { await sendFiles(files.paths) }
    }

    /// Puts the whole text into the chat: the first part into the streamed message (if any), the rest
    /// as new messages, the keyboard on the last. Returns the last message's id.
    @discardableResult
    private func deliver(_ markdown: String, keyboard: TelegramInlineKeyboardMarkup?, messageID: Int64?, shown: String?) async -> Int64? {
        let parts = TelegramSplitter.split(html(markdown))
        var lastID = messageID
        do {
            for (index, part) in parts.enumerated() {
                let markup = index == parts.count - 1 ? keyboard : nil
                if index == 0, let messageID {
                    // Short answers arrive in one piece: the message may already hold the final text.
                    if part != shown || markup != nil {
                        try await api.editMessageText(chatID: chat.chatID, messageID: messageID, html: part, keyboard: markup)
                    }
                } else {
                    lastID = try await api.sendMessage(chatID: chat.chatID, html: part, threadID: chat.threadID,
                                                       replyTo: index == 0 ? answering : nil, keyboard: markup).messageID
                }
            }
        } catch {
            logger.error("could not deliver the answer", metadata: ["chat": "\(chat.key)", "agent": "\(agent)", "error": "\(error)"])
            return nil
        }
        return lastID
    }

    private func sendFiles(_ paths: [String]) async {
        let problems = await FileMarkers.send(paths, roots: fileRoots) { [api, chat] file in
            // Telegram recompresses photos; only the formats it shows inline go as photos.
            let asPhoto = ["png", "jpg", "jpeg", "webp"].contains(file.url.pathExtension.lowercased())
            _ = try await api.sendFile(chatID: chat.chatID, name: file.url.lastPathComponent, data: file.data, asPhoto: asPhoto,
                                       threadID: chat.threadID)
        }
        guard !problems.isEmpty else { return }
        let list = problems.map { "• " + TelegramHTML.escape($0) }.joined(separator: "\n")
        _ = try? await api.sendMessage(chatID: chat.chatID, html: "Some files were not sent:\n" + list, threadID: chat.threadID)
    }
}
