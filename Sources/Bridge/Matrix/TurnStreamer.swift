import Agents
import Foundation
import Logging
import MatrixAppService

/// Settings for how replies stream into a room.
public struct StreamingSettings: Sendable {
    public var editInterval: Duration
    public var maxEdits: Int
    /// Adds "model · tokens · cost · time" under each answer.
    public var footer: Bool
    public var menuLifetime: TimeInterval

    public init(editInterval: Duration = .milliseconds(1500), maxEdits: Int = 40, footer: Bool = false, menuLifetime: TimeInterval = 3600) {
        self.editInterval = editInterval
        self.maxEdits = maxEdits
        self.footer = footer
        self.menuLifetime = menuLifetime
    }
}

/// Renders one agent turn into a room: the first text creates the reply, later text edits it
/// (throttled), tool use shows as a short status line, and the final edit carries the whole answer.
/// Typing is shown while the turn runs.
struct TurnStreamer {
    let intent: Intent
    let agent: String
    let room: RoomID
    let answering: EventID
    let asker: UserID
    let settings: StreamingSettings
    let store: BridgeStore
    let menus: MenuRegistry
    let model: String?
    /// Where `<file:…>` may send from: the agent's workspace and this chat's attachment folder.
    let fileRoots: [URL]
    let logger: Logger
    /// A named session's name, shown in front of the answer so side sessions stand apart from the main one.
    var label: String? = nil
    /// A turn taken up again after a restart: an earlier process may have posted part of this answer already
    /// under the same transaction id, so the homeserver may hand back that older message; it is edited to the final text.
    var recovered = false
    /// Told once the answer (or the failure notice) is in the room, so the stored copy can go.
    var delivered: (@Sendable () async -> Void)? = nil
    /// Redelivery of a finished answer after the client's own retries are spent: every 2 s at first, then
    /// at most every 5 minutes, for as long as Troupe runs.
    static let redelivery = RetryPolicy(maxAttempts: .max, baseDelay: .seconds(2), maxDelay: .seconds(300))

    private func labelled(_ text: String) -> String { label.map { "**[\($0)]** " + text } ?? text }

    func run(_ events: AsyncStream<AgentEvent>) async {
        // Typing and the read receipt wait a moment: an answer that comes at once needs neither, and on a
        // single-threaded homeserver they would slow the reply itself down.
        let typing = Task { [intent, room, answering] in
            try? await Task.sleep(for: .milliseconds(300))
            guard !Task.isCancelled else { return false }
            Task { try? await intent.markRead(room, event: answering) }
            while !Task.isCancelled {
                try? await intent.setTyping(room, typing: true, timeoutMs: 30_000)
                try? await Task.sleep(for: .seconds(20))
            }
            return true
        }
        defer {
            typing.cancel()
            Task { [intent, room] in
                if await typing.value { try? await intent.setTyping(room, typing: false) }
            }
        }

        var text = ""
        var status: String?
        var replyID: EventID?
        var throttle = EditThrottle(interval: settings.editInterval, maxEdits: settings.maxEdits)
        var pendingEdit = false
        var shown: String?

        func show(_ body: String) async {
            shown = body
            do {
                if let replyID {
                    try await intent.sendMessage(room, content: MatrixContent.edit(of: replyID, body))
                } else {
                    let id = try await intent.sendMessage(
                        room, content: MatrixContent.message(body, replyTo: answering),
                        txnID: ReplyTxnID.make(from: intent.userID, answering: answering, purpose: "reply"))
                    replyID = id
                    try? await store.recordSent(id, room: room, agent: agent)
                }
            } catch {
                logger.warning("could not show streamed text", metadata: ["room_id": "\(room)", "error": "\(error)"])
            }
        }

        func streamingBody() -> String {
            let visible = ButtonMarkers.extract(from: FileMarkers.extract(from: text).text).text
            guard let status else { return visible.isEmpty ? visible : labelled(visible) }
            return labelled(visible.isEmpty ? "_\(status)_" : "\(visible)\n\n_\(status)_")
        }

        for await event in events {
            switch event {
            // A taken-up turn was announced as queued before the restart already.
            case .queued(let ahead) where ahead > 0 && !recovered:
                _ = try? await intent.sendNotice(room, "Queued: \(ahead) turn\(ahead == 1 ? "" : "s") ahead of yours.")
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
                let final = result.text.isEmpty ? text : result.text
                await finish(final, result: result, replyID: replyID, shown: shown)
                return
            case .failed(let error):
                let message = labelled("⚠️ \(error.message)")
                if let replyID {
                    let partial = ButtonMarkers.extract(from: text).text
                    _ = try? await intent.sendMessage(room, content: MatrixContent.edit(of: replyID, partial.isEmpty ? message : partial + "\n\n" + message))
                } else {
                    _ = try? await intent.sendMessage(room, content: MatrixContent.message(message, msgtype: "m.notice", replyTo: answering),
                                                  txnID: ReplyTxnID.make(from: intent.userID, answering: answering, purpose: "failure"))
                }
                await delivered?()
                return
            default:
                break
            }
            // The first visible text goes out at once; later changes wait for the throttle.
            if pendingEdit && (replyID == nil ? !streamingBody().isEmpty : throttle.shouldEdit()) {
                if replyID == nil { _ = throttle.shouldEdit() }
                await show(streamingBody())
                pendingEdit = false
            }
        }
    }

    private func finish(_ final: String, result: TurnResult, replyID: EventID?, shown: String?) async {
        let files = FileMarkers.extract(from: final)
        let extracted = ButtonMarkers.extract(from: files.text)
        var body = extracted.text.isEmpty && extracted.labels.isEmpty ? "_(no answer)_" : extracted.text
        var menu: OptionMenu?
        if !extracted.labels.isEmpty {
            // The answer is the menu's title, so marking the menu done keeps the answer in place.
            var options = OptionMenu(title: extracted.text, options: extracted.labels.map { OptionMenu.Option($0) },
                                     purpose: .agentButtons(agent: agent), owner: asker.rawValue, lifetime: settings.menuLifetime)
            options.poster = intent.userID.rawValue
            menu = options
            body = options.render()
        }
        if settings.footer { body += "\n\n<sub>" + TurnFooter.text(result, model: model) + "</sub>" }
        body = labelled(body)

        let parts = MessageSplitter.split(body)
        var target = replyID
        // Parts already in the room are not sent again: a retry goes on from the part that failed.
        var next = 0
        var attempt = 0
        while next < parts.count {
            do {
                let part = parts[next]
                if next == 0, let replyID {
                    // Short answers arrive in one piece: the first message already holds the final text (unless the
                    // homeserver handed back an older process's message for the same transaction id).
                    if part != shown || recovered { try await intent.sendMessage(room, content: MatrixContent.edit(of: replyID, part)) }
                } else {
                    // The first part has the streamed reply's transaction id: sent again after a crash, it lands once.
                    let id = try await intent.sendMessage(
                        room, content: MatrixContent.message(part, replyTo: next == 0 ? answering : nil),
                        txnID: ReplyTxnID.make(from: intent.userID, answering: answering, purpose: next == 0 ? "reply" : "reply-\(next)"))
                    try? await store.recordSent(id, room: room, agent: agent)
                    if next == 0 {
                        target = id
                        if recovered { try await intent.sendMessage(room, content: MatrixContent.edit(of: id, part)) }
                    }
                }
                next += 1
            } catch let refusal as MatrixError where (400..<500).contains(refusal.status) && refusal.status != 429 {
                // Refused (the agent left the room, the event is too large): trying again now would get the same.
                // The answer stays in the turn's outbox row for the next start.
                logger.error("could not deliver the answer", metadata: ["room_id": "\(room)", "agent": "\(agent)", "error": "\(refusal)"])
                return
            } catch {
                // The client's own retries are spent (the homeserver is down for longer): keep trying while Troupe
                // runs. The answer is also in the turn's outbox row, so a restart delivers it too.
                attempt += 1
                let delay = Self.redelivery.backoff(afterAttempt: attempt)
                logger.error("could not deliver the answer; trying again", metadata: [
                    "room_id": "\(room)", "agent": "\(agent)", "attempt": "\(attempt)", "retry_in": "\(delay)", "error": "\(error)",
                ])
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
        await delivered?()
        if let menu, let target {
            await menus.register(menu, messageID: target.rawValue, chat: room.rawValue)
            for key in menu.reactionKeys { _ = try? await intent.react(room, to: target, key: key) }
        }
        if !files.paths.isEmpty {
            let problems = await MatrixMedia.sendFiles(files.paths, roots: fileRoots, intent: intent, room: room, logger: logger)
            if !problems.isEmpty {
                _ = try? await intent.sendNotice(room, "Some files were not sent:\n" + problems.map { "- \($0)" }.joined(separator: "\n"))
            }
        }
    }
}
