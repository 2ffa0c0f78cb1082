import Agents
import Foundation

/// The end of a turn: the final answer laid over the messages the stream used (and more where it needs them), its
/// menu on the last one, its files after it; or the failure, shown where the text stopped.
extension TurnStreamer {
    func fail(_ reason: String, partial: String, answer: StreamedAnswer) async {
        let warning = "⚠️ \(reason)"
        let parts = rendered(partial.isEmpty ? warning : partial + "\n\n" + warning, message: answer.current)
        if let open = answer.open, parts.count == 1 {
            try? await surface.edit(open, to: parts[0], SendOptions())
        } else {
            // No room for the warning under the text: the text (without its status line) stays, the warning follows.
            if let open = answer.open, let part = rendered(partial, message: answer.current).first, part != answer.openShown {
                try? await surface.edit(open, to: part, SendOptions())
            }
            _ = try? await surface.post(warning, SendOptions(notice: true, replyTo: replyTo, key: key("failure")),
                                        label: answer.messages.isEmpty ? label : nil)
        }
        surface.record(warning, notice: true, menu: nil)
        await delivered?()
    }

    /// `streamed` is the visible text the stream showed; messages it sealed stay as they are while the final text
    /// still starts with theirs, so a long answer reads the same as if it had been sent in one go at the end.
    func finish(_ final: String, result: TurnResult, answer: StreamedAnswer, streamed: String) async {
        let marked = MarkedText(final)
        var visible = Substring(marked.text)
        while let last = visible.last, last.isWhitespace { visible.removeLast() }
        if visible.isEmpty && marked.buttons.isEmpty { visible = Substring(self.text.noAnswer) }
        var menu = marked.menu(agent: agent, owner: asker, lifetime: settings.menuLifetime)
        menu?.poster = surface.speaker
        let footer = settings.footer ? "\n\n_" + TurnFooter.text(result, model: model, text: self.text) + "_" : ""
        // The last message shows the menu, titled with that message's text, and the footer.
        func closing(_ text: String) -> String {
            guard var menu else { return text + footer }
            menu.title = text
            return surface.text(of: menu, in: self.text) + footer
        }
        // Mirrors get the whole answer, whatever messages it took here.
        var whole = menu
        whole?.title = String(visible)
        surface.record(whole.map { surface.text(of: $0, in: self.text) + footer } ?? String(visible) + footer, notice: false, menu: whole)

        let keep = answer.kept(by: String(visible), streamed: streamed)
        let start = keep == 0 ? 0 : answer.sealed[keep - 1].end
        var pieces = MarkdownCut.all(visible.dropFirst(start), reopening: keep == 0 ? nil : answer.sealed[keep - 1].fence) { index, text, whole in
            rendered(whole ? closing(text) : text, message: keep + index).count <= 1
        }
        // An answer of buttons alone is its menu.
        if pieces.isEmpty { pieces = [MarkdownCut.Piece(text: "", consumed: 0, fence: nil)] }
        var parts: [String] = []
        for (index, piece) in pieces.enumerated() {
            parts += rendered(index == pieces.count - 1 ? closing(piece.text) : piece.text, message: keep + index)
        }
        var offer: (token: String, menu: OptionMenu)?
        if var menu {
            menu.title = pieces[pieces.count - 1].text
            // Registered before it is shown, so a quick tap never finds it missing.
            let token = MenuRegistry.newToken()
            await menus.register(menu, token: token, chat: surface.chat)
            offer = (token, menu)
        }

        let existing = answer.messages
        var last: MessageID?
        // Messages already right are not sent again: a retry goes on from the one that failed.
        var next = 0
        var attempt = 0
        while next < parts.count {
            let number = keep + next
            let part = parts[next]
            var options = options(forMessage: number)
            if next == parts.count - 1 { options.menu = offer }
            do {
                if number < existing.count {
                    // The streamed message may already hold its final text (unless the messenger handed back an older
                    // process's message for the same key).
                    let (id, shown) = existing[number]
                    if part != shown || recovered || options.menu != nil { try await surface.edit(id, to: part, options) }
                    last = id
                } else {
                    let id = try await surface.send(part, options)
                    if recovered { try await surface.edit(id, to: part, options) }
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
        // The stream showed more than the answer holds (a CLI whose result is only its last message): what is left over goes.
        for extra in existing.dropFirst(keep + parts.count) { await surface.retract(extra.id) }
        await delivered?()
        if let offer, let last { await surface.offer(offer.menu, token: offer.token, on: last, menus: menus) }
        await surface.sendFiles(marked.files, roots: fileRoots, text: self.text)
    }
}
