import Agents
import Foundation
import Images
import Logging

/// Decides, the same way for every transport, what a message means: which agents it is for, whether its sender
/// may use them, and whether it is a command, a pick from a menu, a side session's message, the answer to a
/// run's question, or a turn.
public struct MessageRouter: Sendable {
    let transport: any Transport
    let runtime: AgentRuntime
    let menus: MenuRegistry
    let sessions: (any NamedSessionStore)?
    let questions: PendingQuestions?
    /// Read at the start of each turn, so a reload applies from the next one.
    let liveStreaming: Live<StreamingSettings>
    var streaming: StreamingSettings { liveStreaming.value }
    let logger: Logger
    /// Converts the images users send before their agent reads them.
    let images: IncomingImages
    /// The language of each chat, read for every message answered (shared by all routers; see `ChatLanguages`).
    public let languages: ChatLanguages

    public init(transport: any Transport, runtime: AgentRuntime, menus: MenuRegistry = MenuRegistry(), sessions: (any NamedSessionStore)?,
                questions: PendingQuestions?, streaming: Live<StreamingSettings>, images: ImageOptions = ImageOptions(),
                languages: ChatLanguages = ChatLanguages(), logger: Logger) {
        self.images = IncomingImages(images)
        self.languages = languages
        self.transport = transport
        self.runtime = runtime
        self.menus = menus
        self.sessions = sessions
        self.questions = questions
        self.liveStreaming = streaming
        self.logger = logger
    }

    /// Who a message is for, and what to tell them.
    struct Audience {
        var agents: [String]
        /// Named with `@name` at the start: an empty prompt gets a hint instead of silence.
        var named = false
        /// The text for each agent, without the name that addressed it.
        var prompts: [String: String] = [:]
        /// Someone chose these agents: the chat's owner, a DM, a name, a mention or a reply; not the chat's default.
        var addressed = true
    }

    public func handle(_ message: IncomingMessage) async {
        if let pick = message.pick {
            await handlePick(pick, in: message)
            return
        }
        let here = await transport.agents(in: message.chat)
        guard !here.isEmpty else { return }
        let audience = await audience(of: message, among: here)
        let level = message.sender.level
        let command = self.command(in: message, for: audience, among: here)
        if let refusal = message.refusal {
            guard level >= .user, let speaker = command?.responder ?? audience.agents.first else { return }
            await reply(refusal, to: message, as: speaker, purpose: "plaintext")
            return
        }
        if level >= .user, await answeredQuestion(message) { return }
        if let sessions, let (session, text) = try? await sessions.message(message.text, in: message.chat.stored) {
            guard level >= .user else { return }
            await startTurn(SideTurn(agent: session.agent, chat: session.runtimeChat, text: text, label: session.name), for: message,
                            fallback: audience.agents.first ?? here[0])
            return
        }
        if let command {
            await run(command.command, from: message, responder: command.responder)
            return
        }
        guard let first = audience.agents.first else { return }
        guard level >= .user else {
            await reply(await refusal(for: message.sender, in: message.chat), to: message, as: first, purpose: "refusal")
            return
        }
        if let token = await typedPick(message) {
            await applyPick(token: token, key: message.text, in: message, press: nil)
            return
        }
        for agent in audience.agents {
            await startTurn(agent: agent, text: audience.prompts[agent] ?? message.text, for: message, named: audience.named)
        }
    }

    /// The menu a typed number picks from: the one the message replies to, or in a direct chat the only open one.
    /// Never a guess in a group room, and never a menu made for someone else (their number is a message).
    func typedPick(_ message: IncomingMessage) async -> String? {
        guard Keycap.number(from: message.text) != nil else { return nil }
        let token: String?
        if let replied = message.replyTo {
            token = await menus.token(shownIn: replied)
        } else if await transport.isDirect(message.chat) {
            token = await menus.onlyOpen(chat: message.chat)
        } else {
            token = nil
        }
        guard let token, let menu = await menus.menu(token: token), menu.owner == nil || menu.owner == message.sender.id else { return nil }
        return token
    }

    /// The agents a message is for: the chat's owner; else one named with `@name` at the start; else, with one
    /// person and one agent, that agent; else those mentioned or replied to; else the chat's default agent.
    func audience(of message: IncomingMessage, among here: [String]) async -> Audience {
        if let owner = await transport.owner(of: message.chat), here.contains(owner) {
            return Audience(agents: [owner], prompts: [owner: await withoutName(message.text, of: owner, in: message.chat)])
        }
        if let (agent, rest) = Self.atName(message.text, among: here) {
            return Audience(agents: [agent], named: true, prompts: [agent: rest])
        }
        if here.count == 1, await transport.isDirect(message.chat) {
            return Audience(agents: here, prompts: [here[0]: await withoutName(message.text, of: here[0], in: message.chat)])
        }
        let repliedTo = await message.replyTo.asyncMap { await transport.agent(thatSent: $0, in: message.chat) }
        var audience = Audience(agents: here.filter { $0 == repliedTo || message.mentions.contains($0) })
        if audience.agents.isEmpty {
            audience.addressed = false
            if let fallback = await transport.defaultAgent(of: message.chat) { audience.agents = [fallback] }
        }
        for agent in audience.agents { audience.prompts[agent] = await withoutName(message.text, of: agent, in: message.chat) }
        return audience
    }

    /// "Coder: fix it" reaches the agent as "fix it": the address is for the chat, not the prompt.
    private func withoutName(_ text: String, of agent: String, in chat: ChatAddress) async -> String {
        let rest = Self.leadingNameRemoved(text, names: await transport.names(of: agent, in: chat))
        return rest.isEmpty ? text : rest
    }

    /// `@coder fix it` → ("coder", "fix it") when coder is one of `agents`.
    static func atName(_ text: String, among agents: [String]) -> (String, String)? {
        guard let (name, rest) = AtName.split(text), agents.contains(name) else { return nil }
        return (name, rest)
    }

    /// The text after a leading "Name:" or "Name," that names one of `names`; the text itself otherwise.
    static func leadingNameRemoved(_ body: String, names: [String]) -> String {
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        for name in names.sorted(by: { $0.count > $1.count }) where !name.isEmpty {
            for head in [name, "@" + name] {
                for separator in [":", ","] where trimmed.lowercased().hasPrefix(head.lowercased() + separator) {
                    return trimmed.dropFirst(head.count + 1).trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
        }
        return trimmed
    }

    func refusal(for sender: IncomingMessage.Sender, in chat: ChatAddress) async -> String {
        await self.text(for: chat).notAllowed(sender.displayName) + (sender.admissionHint.map { " " + $0 } ?? "")
    }

    /// Troupe's own texts in the chat's language, as it is now.
    func text(for chat: ChatAddress) async -> Localizer { await languages.localizer(for: chat) }

    /// A reply to a run's question (`ask_parent`) is its answer.
    private func answeredQuestion(_ message: IncomingMessage) async -> Bool {
        guard let questions, let target = message.replyTo,
              let question = await questions.answer(replyingTo: target.rawValue, in: message.chat.stored, with: message.text)
        else { return false }
        let speaker = await transport.agent(thatSent: target, in: message.chat) ?? AgentsConfiguration.mainAgentName
        await reply(await self.text(for: message.chat).answerPassed(run: "\(question.run)", agent: question.agent), to: message, as: speaker,
                    purpose: "answer")
        return true
    }

    /// A notice replying to the message, sent once even when the message is handled again.
    /// A notice answering `message`; a pick's answer replies to the menu (`about`) rather than to the reaction, which
    /// clients would show as an empty quote.
    func reply(_ text: String, to message: IncomingMessage, as agent: String, purpose: String, about: MessageID? = nil) async {
        let surface = await transport.surface(for: message.chat, as: agent, fallback: AgentsConfiguration.mainAgentName)
        let target = message.pick == nil ? message.id : about
        do {
            try await surface.post(text, SendOptions(notice: true, replyTo: target, key: .answering(message.id, purpose: purpose)))
        } catch {
            logger.warning("could not reply", metadata: ["chat": "\(message.chat)", "purpose": "\(purpose)", "error": "\(error)"])
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
