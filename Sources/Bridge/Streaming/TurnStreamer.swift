import Agents
import Foundation
import Logging
import Retry

/// Renders one agent turn onto any chat surface: the first text creates the answer (a reply to the message that
/// asked), later text edits it (throttled), tool use shows as a short status line, and the final edit carries
/// the whole answer, split over more messages where it is too long, with its buttons as a menu on the last part
/// and its files after it. Typing shows while the turn runs.
struct TurnStreamer {
    let surface: any ChatSurface
    let agent: String
    /// The message the turn answers: read receipts, and the key that makes every send of this answer idempotent.
    let origin: MessageID?
    /// What the answer replies to (the asking message, or the menu a pick came from).
    let replyTo: MessageID?
    /// Who may pick from the answer's buttons (nil: anyone).
    let asker: String?
    let settings: StreamingSettings
    let menus: MenuRegistry
    let model: String?
    /// Where `<file:…>` may send from: the agent's workspace and this chat's attachment folder.
    let fileRoots: [URL]
    let logger: Logger
    /// A named session's name, shown in front of the answer so side sessions stand apart from the main one.
    var label: String? = nil
    /// A turn taken up again after a restart: an earlier process may have posted part of this answer already
    /// under the same key, so the messenger may hand back that older message; it is edited to the final text.
    var recovered = false
    /// Told once the answer (or the failure notice) is in the chat, so the stored copy can go.
    var delivered: (@Sendable () async -> Void)? = nil
    /// Troupe's own lines around the answer (queue position, tool status), in the chat's language.
    var text = Localizer()
    /// Redelivery of a finished answer after the client's own retries are spent: every 2 s at first, then
    /// at most every 5 minutes, for as long as Troupe runs.
    static let redelivery = Backoff(base: .seconds(2), cap: .seconds(300))

    private func key(_ purpose: String) -> SendOptions.Key? { origin.map { .answering($0, purpose: purpose) } }

    func run(_ events: AsyncStream<AgentEvent>) async {
        // Typing and the read receipt wait a moment: an answer that comes at once needs neither, and on a
        // single-threaded homeserver they would slow the answer itself down.
        if settings.seen, let origin, !recovered { await surface.markSeen(origin) }
        let typing = Task { [surface, origin, seen = settings.seen] in
            try? await Task.sleep(for: .milliseconds(300))
            guard !Task.isCancelled else { return false }
            if let origin, !seen { Task { await surface.markRead(origin) } }
            while !Task.isCancelled {
                await surface.showTyping()
                try? await Task.sleep(for: surface.typingRenewal)
            }
            return true
        }
        defer {
            typing.cancel()
            Task { [surface] in
                if await typing.value { await surface.stopTyping() }
            }
        }

        var text = ""
        var status: String?
        var answer: MessageID?
        var throttle = EditThrottle(interval: settings.editInterval, maxEdits: settings.maxEdits)
        var pendingEdit = false
        var shown: String?

        func show(_ markdown: String) async {
            // While streaming, only the first part fits in the one message being edited.
            let parts = surface.parts(of: markdown, label: label)
            guard var body = parts.first else { return }
            if parts.count > 1 { body += "\n…" }
            guard body != shown else { return }
            do {
                if let answer {
                    try await surface.edit(answer, to: body, SendOptions())
                } else {
                    answer = try await surface.send(body, SendOptions(replyTo: replyTo, key: key("reply")))
                }
                shown = body
            } catch {
                logger.warning("could not show streamed text", metadata: ["chat": "\(surface.chat)", "error": "\(error)"])
            }
        }

        func streamingBody() -> String {
            let visible = MarkedText(text).text
            guard let status else { return visible }
            return visible.isEmpty ? "_\(status)_" : "\(visible)\n\n_\(status)_"
        }

        for await event in events {
            switch event {
            // A taken-up turn was announced as queued before the restart already.
            case .queued(let ahead) where ahead > 0 && !recovered:
                _ = try? await surface.post(self.text.turnsAhead(ahead), SendOptions(notice: true))
            case .text(let delta):
                text += delta
                status = nil
                pendingEdit = true
            case .toolUse(let name):
                status = self.text.usingTool(name)
                pendingEdit = true
            case .status(let message):
                status = message
                pendingEdit = true
            case .finished(let result):
                typing.cancel()
                await finish(result.text.isEmpty ? text : result.text, result: result, answer: answer, shown: shown)
                return
            case .failed(let error):
                typing.cancel()
                await fail(error.message, partial: MarkedText(text).text, answer: answer)
                return
            default:
                break
            }
            // The first visible text goes out at once; later changes wait for the throttle.
            if pendingEdit && (answer == nil ? !streamingBody().isEmpty : throttle.shouldEdit()) {
                if answer == nil { _ = throttle.shouldEdit() }
                await show(streamingBody())
                pendingEdit = false
            }
        }
    }

    private func fail(_ reason: String, partial: String, answer: MessageID?) async {
        let warning = "⚠️ \(reason)"
        if let answer, let part = surface.parts(of: partial.isEmpty ? warning : partial + "\n\n" + warning, label: label).first {
            try? await surface.edit(answer, to: part, SendOptions())
        } else {
            _ = try? await surface.post(warning, SendOptions(notice: true, replyTo: replyTo, key: key("failure")), label: label)
        }
        surface.record(warning, notice: true, menu: nil)
        await delivered?()
    }

    private func finish(_ final: String, result: TurnResult, answer: MessageID?, shown: String?) async {
        let marked = MarkedText(final)
        var body = marked.text.isEmpty && marked.buttons.isEmpty ? self.text.noAnswer : marked.text
        var offer: (token: String, menu: OptionMenu)?
        if var menu = marked.menu(agent: agent, owner: asker, lifetime: settings.menuLifetime) {
            menu.poster = surface.speaker
            // Registered before it is shown, so a quick tap never finds it missing.
            let token = MenuRegistry.newToken()
            await menus.register(menu, token: token, chat: surface.chat)
            offer = (token, menu)
            body = surface.text(of: menu, in: self.text)
        }
        if settings.footer { body += "\n\n_" + TurnFooter.text(result, model: model, text: self.text) + "_" }
        surface.record(body, notice: false, menu: offer?.menu)

        let parts = surface.parts(of: body, label: label)
        var last = answer
        // Parts already in the chat are not sent again: a retry goes on from the part that failed.
        var next = 0
        var attempt = 0
        while next < parts.count {
            let part = parts[next]
            var options = SendOptions(replyTo: next == 0 ? replyTo : nil, key: key(next == 0 ? "reply" : "reply-\(next)"))
            if next == parts.count - 1 { options.menu = offer }
            do {
                if next == 0, let answer {
                    // Short answers arrive in one piece: the streamed message may already hold the final text (unless
                    // the messenger handed back an older process's message for the same key).
                    if part != shown || recovered || options.menu != nil { try await surface.edit(answer, to: part, options) }
                } else {
                    let id = try await surface.send(part, options)
                    if recovered && next == 0 { try await surface.edit(id, to: part, options) }
                    last = id
                }
                // The menu's message is known from now on: a tap on it finds the menu.
                if let offer = options.menu, let last { await menus.shown(offer.token, in: last) }
                next += 1
            } catch where surface.isPermanent(error) {
                // Refused (the agent left the room, the message is too large): trying again now would get the same.
                // The answer stays in the turn's outbox row for the next start.
                logger.error("could not deliver the answer", metadata: ["chat": "\(surface.chat)", "agent": "\(agent)", "error": "\(error)"])
                return
            } catch {
                // The client's own retries are spent (the messenger is down for longer): keep trying while Troupe
                // runs. The answer is also in the turn's outbox row, so a restart delivers it too.
                attempt += 1
                let delay = Self.redelivery.delay(afterAttempt: attempt)
                logger.error("could not deliver the answer; trying again", metadata: [
                    "chat": "\(surface.chat)", "agent": "\(agent)", "attempt": "\(attempt)", "retry_in": "\(delay)", "error": "\(error)",
                ])
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
        await delivered?()
        if let offer, let last { await surface.offer(offer.menu, token: offer.token, on: last, menus: menus) }
        await surface.sendFiles(marked.files, roots: fileRoots, text: self.text)
    }
}
