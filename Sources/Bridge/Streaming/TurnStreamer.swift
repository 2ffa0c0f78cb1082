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

    func key(_ purpose: String) -> SendOptions.Key? { origin.map { .answering($0, purpose: purpose) } }

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
        var answer = StreamedAnswer()
        var throttle = EditThrottle(interval: settings.editInterval, maxEdits: settings.maxEdits)
        var pendingEdit = false

        func visible() -> String { MarkedText(text).text }

        func withStatus(_ source: Substring) -> String {
            guard let status else { return String(source) }
            return source.isEmpty ? "_\(status)_" : "\(source)\n\n_\(status)_"
        }

        /// Puts `markdown` in the open message (sending it if there is none yet); false if that failed.
        func show(_ markdown: String) async -> Bool {
            guard let part = rendered(markdown, message: answer.current).first else { return true }
            guard part != answer.openShown else { return true }
            do {
                if let open = answer.open {
                    try await surface.edit(open, to: part, SendOptions())
                } else {
                    answer.open = try await surface.send(part, options(forMessage: answer.current))
                }
                answer.openShown = part
                return true
            } catch {
                logger.warning("could not show streamed text", metadata: ["chat": "\(surface.chat)", "error": "\(error)"])
                return false
            }
        }

        /// Gives the open message its final share of the text; the next text goes to a new message.
        func seal(_ piece: MarkdownCut.Piece) async -> Bool {
            guard let part = rendered(piece.text, message: answer.current).first else { return false }
            do {
                let id: MessageID
                if let open = answer.open {
                    if part != answer.openShown { try await surface.edit(open, to: part, SendOptions()) }
                    id = open
                } else {
                    id = try await surface.send(part, options(forMessage: answer.current))
                }
                answer.seal(id, shown: part, piece: piece)
                return true
            } catch {
                logger.warning("could not show streamed text", metadata: ["chat": "\(surface.chat)", "error": "\(error)"])
                return false
            }
        }

        /// Shows the text so far: what outgrew the open message is sealed there and goes on in a new one, and so
        /// does the text once the open message's edits are spent, so the answer keeps moving.
        func update() async {
            while true {
                let rest = answer.rest(of: visible())
                let body = withStatus(rest)
                guard !body.isEmpty else { return }
                if !rest.isEmpty, rendered(body, message: answer.current).count > 1 {
                    let number = answer.current
                    let piece = MarkdownCut.first(of: rest, reopening: answer.fence) { candidate, _ in
                        rendered(candidate, message: number).count <= 1
                    }
                    guard await seal(piece) else { return }
                    throttle.newMessage()
                    continue
                }
                if answer.open == nil {
                    if await show(body) { throttle.newMessage() }
                } else if !throttle.isSpent {
                    if await show(body) { throttle.noteEdit() }
                } else if let piece = MarkdownCut.sealing(rest, reopening: answer.fence) {
                    guard await seal(piece) else { return }
                    throttle.newMessage()
                    continue
                }
                return
            }
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
            case .notice(let notice):
                status = self.text.notice(notice)
                pendingEdit = true
            case .finished(let result):
                typing.cancel()
                await finish(result.text.isEmpty ? text : result.text, result: result, answer: answer, streamed: visible())
                return
            case .failed(let error):
                typing.cancel()
                await fail(self.text.failure(error), partial: String(answer.rest(of: visible())), answer: answer)
                return
            default:
                break
            }
            // The answer's first text goes out at once; later changes wait for the throttle.
            if pendingEdit && (answer.messages.isEmpty || throttle.isDue()) {
                await update()
                pendingEdit = false
            }
        }
    }

    /// Markdown as the parts of message number `message` of the answer; only the first message carries the label.
    func rendered(_ markdown: String, message: Int) -> [String] {
        surface.parts(of: markdown, label: message == 0 ? label : nil)
    }

    /// The first message replies to the asking one; every message of the answer has a key of its own.
    func options(forMessage number: Int) -> SendOptions {
        SendOptions(replyTo: number == 0 ? replyTo : nil, key: key(number == 0 ? "reply" : "reply-\(number)"))
    }
}
