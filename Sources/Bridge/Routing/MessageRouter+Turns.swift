import Agents
import Foundation

/// Turns: started from messages, from menu picks and side sessions, and taken up after a restart.
extension MessageRouter {
    /// A message's turn for one agent, with the message's attachment if it has one.
    func startTurn(agent: String, text: String, for message: IncomingMessage, named: Bool) async {
        var attachments: [Attachment] = []
        var fetch: AttachmentFetch?
        if let pending = message.attachment {
            do {
                let folder = try await runtime.attachmentFolder(agent: agent, chat: message.chat.chatKey)
                if let (attachment, download) = try pending(folder) {
                    attachments = [attachment]
                    var imageLogger = logger
                    imageLogger[metadataKey: "agent"] = "\(agent)"
                    imageLogger[metadataKey: "chat"] = "\(message.chat)"
                    imageLogger[metadataKey: "message"] = "\(message.id)"
                    fetch = { [images, imageLogger] in
                        try await download()
                        return [await images.prepare(attachment, logger: imageLogger)]
                    }
                }
            } catch {
                logger.warning("could not take an attachment", metadata: ["chat": "\(message.chat)", "message": "\(message.id)",
                                                                         "error": "\(error)"])
                let text = await self.text(for: message.chat)
                await reply(text.attachmentUnreadable(text.error(error)), to: message, as: agent, purpose: "attachment")
                return
            }
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || !attachments.isEmpty else {
            // Stickers, polls, locations… (and a bare "@coder") carry nothing an agent can read; say so where the
            // person is clearly talking to the bot, rather than staying silent.
            if named {
                await reply(await self.text(for: message.chat).emptyAfterName(agent: agent), to: message, as: agent, purpose: "empty")
            } else if message.expectsAnswer {
                await reply(await self.text(for: message.chat).onlyTextAndFiles, to: message, as: agent, purpose: "empty")
            }
            return
        }
        let prompt = message.quote.map { $0.prompt(text) } ?? text
        await stream(TurnRequest(agent: agent, chat: message.chat, text: prompt, attachments: attachments, fetch: fetch, label: nil),
                     for: message, fallback: nil)
    }

    /// A side session's turn (`@name TEXT`, or a command that starts one). Its agent answers as itself where it
    /// can; otherwise `fallback` speaks for it, and the label names both.
    func startTurn(_ side: SideTurn, for message: IncomingMessage, fallback: String) async {
        let chat = ChatAddress(stored: side.chat) ?? message.chat
        await stream(TurnRequest(agent: side.agent, chat: chat, text: side.text, attachments: [], fetch: nil, label: side.label),
                     for: message, fallback: fallback)
    }

    struct TurnRequest {
        var agent: String
        /// The runtime's conversation: the message's chat, or a side session in it.
        var chat: ChatAddress
        var text: String
        var attachments: [Attachment]
        var fetch: AttachmentFetch?
        var label: String?
    }

    /// Submits the turn and streams its answer into the message's chat.
    func stream(_ request: TurnRequest, for message: IncomingMessage, replyTo: MessageID? = nil, fallback: String?) async {
        // One turn per message: a message handled again after a crash does not run the agent twice.
        let origin = transport.turnOrigin(of: message.id, in: message.chat).map { TurnOrigin(key: $0, requester: message.sender.id) }
        let turn = await runtime.submit(agent: request.agent, chat: request.chat.chatKey, text: request.text,
                                        attachments: request.attachments, fetch: request.fetch, origin: origin)
        guard !turn.isDuplicate else { return }
        let surface = await transport.surface(for: message.chat, as: request.agent, fallback: fallback)
        let streamer = await streamer(for: turn.id, agent: request.agent, surface: surface, runtimeChat: request.chat,
                                      origin: message.id, replyTo: replyTo ?? message.id, asker: message.sender.id, label: request.label)
        // The turn runs on its own: the transport must not wait for an agent to think.
        Task { await streamer.run(turn.events) }
    }

    func streamer(for turn: TurnID, agent: String, surface: any ChatSurface, runtimeChat: ChatAddress, origin: MessageID?,
                  replyTo: MessageID?, asker: String?, label: String?, recovered: Bool = false) async -> TurnStreamer {
        // Someone else speaking for the agent says whose answer it is.
        let shownLabel = surface.speaker == agent ? label : "\(label ?? "") · \(agent)".trimmingCharacters(in: CharacterSet(charactersIn: " ·"))
        return TurnStreamer(surface: surface, agent: agent, origin: origin, replyTo: replyTo, asker: asker, settings: streaming,
                            menus: menus, model: await runtime.status(agent: agent, chat: runtimeChat.chatKey)?.model,
                            fileRoots: await runtime.fileRoots(agent: agent, chat: runtimeChat.origin.chatKey), logger: logger,
                            label: shownLabel, recovered: recovered, delivered: { [runtime] in await runtime.turnDelivered(turn) },
                            text: await self.text(for: surface.chat))
    }

    /// What a turn the previous process left unfinished has to show, the same for answers to messages and automated turns.
    enum Recovered {
        /// The stored answer, or the resumed turn's events.
        case show(AsyncStream<AgentEvent>)
        /// Already taken up, or its agent is gone.
        case nothingToShow
        /// Interrupted too often: the caller tells the user.
        case givenUp
    }

    func recoveredEvents(_ turn: InterruptedTurn) async -> Recovered {
        switch turn.recovery {
        case .deliver(let answer):
            let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
            continuation.yield(.finished(TurnResult(text: answer)))
            continuation.finish()
            return .show(stream)
        case .resume:
            guard let resumed = await runtime.resume(turn) else { return .nothingToShow }
            return .show(resumed.events)
        case .giveUp:
            return .givenUp
        }
    }

    /// A turn the previous process left unfinished in a chat of this transport, taken up at start-up: a stored
    /// answer is delivered, an interrupted turn resumed; both stream as a reply to the message that started it,
    /// with the same idempotency keys the first attempt used. False if the turn is not this transport's to answer.
    func recover(_ turn: InterruptedTurn) async -> Bool {
        guard let chat = ChatAddress(turn.chat), transport.owns(chat.origin), let source = turn.origin else { return false }
        if let automated = AutomatedOrigin(source) { return await recoverAutomated(turn, origin: automated, in: chat) }
        let events: AsyncStream<AgentEvent>
        switch await recoveredEvents(turn) {
        case .show(let stream): events = stream
        case .nothingToShow: return true
        case .givenUp: return false
        }
        let surface = await transport.surface(for: chat.origin, as: turn.agent, fallback: AgentsConfiguration.mainAgentName)
        let message = MessageID(source.key)
        let streamer = await streamer(for: turn.id, agent: turn.agent, surface: surface, runtimeChat: chat, origin: message,
                                      replyTo: message, asker: source.requester, label: chat.sessionName, recovered: true)
        logger.info("taking up a turn left by the previous process", metadata: [
            "agent": "\(turn.agent)", "chat": "\(chat.origin)", "message": "\(source.key)", "turn": "\(turn.id)",
            "recovery": "\(turn.recovery == .resume ? "resume" : "deliver")", "interruptions": "\(turn.interruptions)",
        ])
        Task { await streamer.run(events) }
        return true
    }
}
