import Agents
import Foundation
import Logging
import MatrixAppService
import MatrixCrypto

/// The Matrix transport: turns room events into agent turns and commands, and agent output into
/// messages. Every agent is a Matrix user; a message is for an agent when it is in that agent's own
/// room, in a DM with it, or — in a group room — mentions it or replies to it.
public struct MatrixBridge: TransactionHandler {
    static let chatPrefix = "matrix:"

    let appservice: AppService
    let runtime: AgentRuntime
    let permissions: Permissions
    let presence: AgentPresence
    let menus: MenuRegistry
    let commands: CommandTable
    let streaming: StreamingSettings
    let logger: Logger
    /// The agents' devices (nil unless `encryption.allow`): decryption itself is the dispatcher's stage; the bridge
    /// reads device ids for notices and hands `!crypto` to it. See MatrixBridge+Encryption.
    let crypto: CryptoHandler?
    /// `encryption.require`: unencrypted rooms are refused (invites rejected, messages answered with a refusal).
    let requireEncryption: Bool
    /// `!session` side conversations, addressed as `@name` (see MatrixBridge+Sessions).
    let sessions: NamedSessionStore
    /// Questions of runs waiting for a person's answer (`ask_parent`); a reply to one answers it.
    let questions: PendingQuestions
    /// Rooms told that encryption is off (see MatrixBridge+DeviceTrust).
    let encryptionOffNotices = RoomsNoticed()

    init(appservice: AppService, runtime: AgentRuntime, permissions: Permissions, presence: AgentPresence,
         streaming: StreamingSettings, logger: Logger, crypto: CryptoHandler? = nil, requireEncryption: Bool = false,
         runs: RunManager? = nil, questions: PendingQuestions = PendingQuestions()) {
        self.questions = questions
        self.crypto = crypto
        self.requireEncryption = requireEncryption
        self.appservice = appservice
        self.runtime = runtime
        self.permissions = permissions
        self.presence = presence
        self.menus = MenuRegistry()
        self.streaming = streaming
        self.logger = logger
        self.sessions = NamedSessionStore(presence.store.writer)
        self.commands = BuiltinCommands.table(host: MatrixCommandHost(runtime: runtime, appservice: appservice, presence: presence,
                                                                      crypto: crypto), sessions: sessions,
                                              runs: runs, questions: questions)
    }

    static func chatKey(_ room: RoomID) -> ChatKey { ChatKey(chatPrefix + room.rawValue) }

    public func handleTimeline(_ event: ClientEvent) async {
        await route(event, decrypted: false)
    }

    /// Handles a timeline event; `decrypted` says it came out of an `m.room.encrypted` event (the dispatcher's
    /// decrypt stage; see MatrixBridge+Encryption), else it was sent in the clear.
    func route(_ event: ClientEvent, decrypted: Bool) async {
        do {
            // In an encrypted room only what was encrypted counts: a plaintext message there could come from
            // anyone who can inject events (a server), unseen by the room's members.
            if !decrypted, Self.plaintextInEncryptedRoomMatters(event, ours: appservice.isOurs(event.sender)),
               try await appservice.state.isEncrypted(room: event.roomID) {
                await dropPlaintext(event)
                return
            }
            switch event.type {
            case "m.room.member":
                try await handleMembership(event)
            case "m.room.message" where !appservice.isOurs(event.sender):
                try await handleMessage(event)
            case "m.reaction" where !appservice.isOurs(event.sender):
                try await handleReaction(event)
            default:
                break
            }
        } catch {
            logger.error("event handling failed", metadata: ["event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "error": "\(error)"])
        }
    }

    // MARK: Membership

    private func handleMembership(_ event: ClientEvent) async throws {
        guard let stateKey = event.stateKey, let membership = event.membership else { return }
        let target = UserID(stateKey)
        guard appservice.isOurs(target) else { return }
        let intent = appservice.intent(for: target)
        let fields: Logger.Metadata = ["room_id": "\(event.roomID)", "user_id": "\(target)", "sender": "\(event.sender)"]
        switch membership {
        case .invite where appservice.isOurs(event.sender):
            // Our own users invite each other only into Telegram portal rooms, and the invitee joins by itself.
            return
        case .invite:
            guard await presence.agent(of: target) != nil else {
                logger.info("rejecting invite for an unknown agent user", metadata: fields)
                try await intent.ensureRegistered()
                try await intent.leave(event.roomID, reason: "There is no such agent.")
                return
            }
            guard permissions.allows(event.sender, .user) else {
                logger.info("rejecting invite from a user without permission", metadata: fields)
                try await intent.ensureRegistered()
                try await intent.leave(event.roomID, reason: "\(event.sender) is not allowed to use Troupe.")
                return
            }
            if requireEncryption, Self.invitedToUnencryptedRoom(event) {
                logger.info("rejecting invite to an unencrypted room (encryption.require)", metadata: fields)
                try await intent.ensureRegistered()
                try await intent.leave(event.roomID, reason: Self.encryptionRequiredText)
                return
            }
            try await intent.ensureRegistered()
            try await intent.join(event.roomID.rawValue)
            // Transactions only carry what happens after we joined: learn who is already there, so
            // DMs are recognised and mentions can be resolved.
            for member in try await intent.joinedMembers(event.roomID) {
                try await appservice.state.setMembership(room: event.roomID, user: member, .join, displayname: nil)
            }
            logger.info("joined room on invite", metadata: fields)
            // The invite did not show the room's state: the join taught us whether it is encrypted.
            if requireEncryption, try await !appservice.state.isEncrypted(room: event.roomID) {
                logger.info("leaving an unencrypted room (encryption.require)", metadata: fields)
                _ = try? await intent.sendNotice(event.roomID, Self.encryptionRequiredText)
                try await intent.leave(event.roomID, reason: Self.encryptionRequiredText)
            }
        case .leave where event.sender != target, .ban:
            logger.info("removed from room", metadata: fields.merging(["membership": "\(membership.rawValue)"]) { $1 })
            if let agent = await presence.agent(of: target), try await presence.store.room(ofAgent: agent) == event.roomID {
                try await presence.store.forgetRoom(ofAgent: agent)
            }
        default:
            break
        }
    }

    // MARK: Messages

    /// The agents present in the room, with their user ids.
    private func agentsIn(_ room: RoomID) async throws -> [(name: String, user: UserID)] {
        var result: [(String, UserID)] = []
        for user in try await appservice.state.joinedMembers(room: room) where appservice.isOurs(user) {
            if let name = await presence.agent(of: user) { result.append((name, user)) }
        }
        return result
    }

    /// Which agents this message is for.
    func addressees(of event: ClientEvent, among agents: [(name: String, user: UserID)]) async throws -> [(name: String, user: UserID)] {
        guard !agents.isEmpty else { return [] }
        if let owner = try await presence.store.agent(owningRoom: event.roomID), let match = agents.first(where: { $0.name == owner }) {
            return [match]
        }
        // Invited members count too: a room where a second agent is still joining is no DM.
        let members = try await appservice.state.members(room: event.roomID, in: [.join, .invite])
        if members.count <= 2 && agents.count == 1 { return agents }
        let repliedTo = try await MatrixContent.replyTarget(of: event.content).asyncMap { try await presence.store.agent(thatSent: $0) }
        var result: [(String, UserID)] = []
        for agent in agents {
            let definition = await runtime.agents()[agent.name]
            let displayname = try await appservice.state.displayname(room: event.roomID, user: agent.user)
                ?? presence.displayname(of: agent.name, definition)
            if repliedTo == agent.name || MentionDetector(user: agent.user, displayname: displayname).isMentioned(in: event.content) {
                result.append(agent)
            }
        }
        return result
    }

    private func handleMessage(_ event: ClientEvent) async throws {
        guard !MatrixContent.isEdit(event.content), let raw = event.content["body"]?.stringValue else { return }
        // Older clients quote the message replied to in the body; that quote is not what the user said.
        let body = MatrixContent.withoutReplyFallback(raw, content: event.content)
        // Notices are what bots send; answering them is how two bots end up talking forever.
        guard event.content["msgtype"]?.stringValue != "m.notice" else { return }
        let agents = try await agentsIn(event.roomID)
        guard !agents.isEmpty else { return }
        let addressed = try await addressees(of: event, among: agents)
        let level = permissions.level(of: event.sender)

        var namesOf: [String: [String]] = [:]
        for agent in addressed { namesOf[agent.name] = await names(of: [agent], in: event.roomID) }
        let commandText = addressed.isEmpty ? body : Self.stripLeadingMention(body, names: namesOf.values.flatMap { $0 })
        if requireEncryption, try await !appservice.state.isEncrypted(room: event.roomID) {
            guard let speaker = addressed.first ?? (ChatCommand.parse(commandText) != nil ? agents[0] : nil), level >= .user else { return }
            try await appservice.intent(for: speaker.user).sendNotice(
                event.roomID, Self.encryptionRequiredText,
                txnID: ReplyTxnID.make(from: speaker.user, answering: event.eventID, purpose: "plaintext"))
            return
        }
        if level >= .user, let target = MatrixContent.replyTarget(of: event.content),
           let question = await questions.answer(replyingTo: target.rawValue, in: Self.chatKey(event.roomID).rawValue, with: body) {
            let speaker = presence.userID(of: (try? await presence.store.agent(thatSent: target)) ?? AgentsConfiguration.mainAgentName)
            _ = try? await appservice.intent(for: speaker).sendMessage(
                event.roomID, content: MatrixContent.message("Passed your answer to task \(question.run) (\(question.agent)).",
                                                             msgtype: "m.notice", replyTo: event.eventID),
                txnID: ReplyTxnID.make(from: speaker, answering: event.eventID, purpose: "answer"))
            return
        }
        if let (session, text) = try await namedSessionMessage(body, room: event.roomID) {
            guard level >= .user else { return }
            await startSideTurn(SideTurn(agent: session.agent, chat: session.runtimeChat, text: text, label: session.name),
                                event: event, fallback: addressed.first ?? agents[0])
            return
        }
        if let command = ChatCommand.parse(commandText) {
            // One of our users answers: the addressed agent, else the bot, else the only agent here.
            let responder = addressed.first ?? agents.first { $0.name == AgentsConfiguration.mainAgentName } ?? agents[0]
            try await runCommand(command, event: event, responder: responder, level: level)
            return
        }
        guard !addressed.isEmpty else { return }
        guard level >= .user else {
            try await appservice.intent(for: addressed[0].user).sendNotice(
                event.roomID, "Sorry, \(event.sender) is not allowed to use Troupe.",
                txnID: ReplyTxnID.make(from: addressed[0].user, answering: event.eventID, purpose: "refusal"))
            return
        }
        if Keycap.number(from: body) != nil, let menuID = await menus.latestOpen(chat: event.roomID.rawValue) {
            try await applyPick(menuID: EventID(menuID), key: body, sender: event.sender, room: event.roomID, cause: event.eventID)
            return
        }
        for agent in addressed {
            if let msgtype = event.content["msgtype"]?.stringValue, MatrixMedia.mediaTypes.contains(msgtype) {
                await startMediaTurn(agent: agent, event: event)
            } else {
                // "Coder: fix it" reaches the agent as "fix it": the address is for the room, not the prompt.
                let text = Self.leadingNameRemoved(body, names: namesOf[agent.name] ?? [])
                await startTurn(agent: agent, text: text.isEmpty ? body : text, event: event)
            }
        }
    }

    /// An image, file, audio or video message: the turn downloads the file into the chat's attachment folder
    /// when it starts. Nothing is fetched here: the dispatcher serves every room and must not wait on one file.
    private func startMediaTurn(agent: (name: String, user: UserID), event: ClientEvent) async {
        let intent = appservice.intent(for: agent.user)
        let chat = Self.chatKey(event.roomID)
        do {
            let folder = try await runtime.attachmentFolder(agent: agent.name, chat: chat)
            guard let (attachment, fetch) = MatrixMedia.pending(event, with: intent, folder: folder) else { return }
            await stream(agent: agent.name, speaker: agent.user, chat: chat, text: MatrixMedia.caption(of: event.content), event: event,
                         attachments: [attachment], fetch: fetch, label: nil)
        } catch {
            logger.warning("could not take an attachment", metadata: ["event_id": "\(event.eventID)", "error": "\(error)"])
            _ = try? await intent.sendNotice(event.roomID, "⚠️ I could not read that attachment: \(error)",
                                             txnID: ReplyTxnID.make(from: agent.user, answering: event.eventID, purpose: "attachment"))
        }
    }

    /// Element puts the pill first ("Coder: !status"); a command after an agent's name is still a
    /// command. Only a known name counts, so "note: !important" stays a message.
    static func stripLeadingMention(_ body: String, names: [String]) -> String {
        let rest = leadingNameRemoved(body, names: names)
        return rest.hasPrefix("!") || rest.hasPrefix("/") ? rest : body.trimmingCharacters(in: .whitespaces)
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

    private func names(of agents: [(name: String, user: UserID)], in room: RoomID) async -> [String] {
        var names: [String] = []
        for agent in agents {
            names += [agent.name, agent.user.rawValue]
            if let displayname = try? await appservice.state.displayname(room: room, user: agent.user) { names.append(displayname) }
            names.append(presence.displayname(of: agent.name, await runtime.agents()[agent.name]))
        }
        return names
    }

    private func startTurn(agent: (name: String, user: UserID), text: String, event: ClientEvent, attachments: [Attachment] = []) async {
        await stream(agent: agent.name, speaker: agent.user, chat: Self.chatKey(event.roomID), text: text, event: event,
                     attachments: attachments, label: nil)
    }

    /// Submits a turn and streams its answer into the event's room as `speaker`.
    func stream(agent: String, speaker: UserID, chat: ChatKey, text: String, event: ClientEvent, attachments: [Attachment] = [],
                fetch: AttachmentFetch? = nil, label: String?) async {
        // One turn per event: an event handled again after a crash does not run the agent twice.
        let turn = await runtime.submit(agent: agent, chat: chat, text: text, attachments: attachments, fetch: fetch,
                                        origin: TurnOrigin(key: event.eventID.rawValue, requester: event.sender.rawValue))
        guard !turn.isDuplicate else { return }
        let streamer = await streamer(for: turn.id, agent: agent, speaker: speaker, chat: chat, room: event.roomID,
                                      answering: event.eventID, asker: event.sender, label: label)
        // The turn runs on its own: the dispatcher must not wait for an agent to think.
        Task { await streamer.run(turn.events) }
    }

    func streamer(for turn: TurnID, agent: String, speaker: UserID, chat: ChatKey, room: RoomID, answering: EventID, asker: UserID,
                  label: String?, recovered: Bool = false) async -> TurnStreamer {
        let fileRoots = await runtime.fileRoots(agent: agent, chat: chat)
        let model = await runtime.status(agent: agent, chat: chat)?.model
        return TurnStreamer(intent: appservice.intent(for: speaker), agent: agent, room: room,
                            answering: answering, asker: asker, settings: streaming, store: presence.store,
                            menus: menus, model: model, fileRoots: fileRoots, logger: logger, label: label,
                            recovered: recovered, delivered: { [runtime] in await runtime.turnDelivered(turn) })
    }

    private func runCommand(_ command: ChatCommand, event: ClientEvent, responder: (name: String, user: UserID), level: PermissionLevel) async throws {
        let intent = appservice.intent(for: responder.user)
        let context = CommandContext(sender: event.sender.rawValue, level: level, chat: Self.chatKey(event.roomID).rawValue,
                                     agent: responder.name, prefix: "!")
        let reply: CommandReply
        if level == .none {
            reply = CommandReply("Sorry, \(event.sender) is not allowed to use Troupe.")
        } else {
            reply = await commands.execute(command, context: context)
        }
        try await post(reply, as: intent, agent: responder.name, room: event.roomID, answering: event.eventID)
        if let turn = reply.turn { await startSideTurn(turn, event: event, fallback: responder) }
    }

    private func post(_ reply: CommandReply, as intent: Intent, agent: String, room: RoomID, answering: EventID) async throws {
        var menu = reply.menu
        menu?.poster = intent.userID.rawValue
        let text = [reply.text, menu?.render() ?? ""].filter { !$0.isEmpty }.joined(separator: "\n\n")
        let id = try await intent.sendMessage(room, content: MatrixContent.message(text, msgtype: "m.notice", replyTo: answering),
                                              txnID: ReplyTxnID.make(from: intent.userID, answering: answering, purpose: "command"))
        try? await presence.store.recordSent(id, room: room, agent: agent)
        if let menu {
            await menus.register(menu, messageID: id.rawValue, chat: room.rawValue)
            for key in menu.reactionKeys { _ = try? await intent.react(room, to: id, key: key) }
        }
    }

    // MARK: Reactions

    private func handleReaction(_ event: ClientEvent) async throws {
        guard let relates = event.content["m.relates_to"], relates["rel_type"]?.stringValue == "m.annotation",
              let target = relates["event_id"]?.stringValue, let key = relates["key"]?.stringValue,
              await menus.menu(messageID: target) != nil
        else { return }
        guard permissions.allows(event.sender, .user) else { return }
        try await applyPick(menuID: EventID(target), key: key, sender: event.sender, room: event.roomID, cause: event.eventID)
    }

    private func applyPick(menuID: EventID, key: String, sender: UserID, room: RoomID, cause: EventID) async throws {
        guard let shown = await menus.menu(messageID: menuID.rawValue) else { return }
        let poster = appservice.intent(for: UserID(shown.poster ?? appservice.botUserID.rawValue))
        let notice = { (text: String) in
            _ = try await poster.sendNotice(room, text, txnID: ReplyTxnID.make(from: poster.userID, answering: cause, purpose: "pick"))
        }
        switch await menus.pick(messageID: menuID.rawValue, key: key, user: sender.rawValue) {
        case .picked(let option, let menu):
            let done = (menu.title.isEmpty ? "" : menu.title + "\n\n") + "✅ \(option.label)"
            _ = try? await poster.sendMessage(room, content: MatrixContent.edit(of: menuID, done, msgtype: menu.purpose.isCommand ? "m.notice" : "m.text"))
            switch menu.purpose {
            case .agentButtons(let agent):
                let event = ClientEvent(type: "m.room.message", eventID: cause, sender: sender, roomID: room,
                                        content: ["msgtype": "m.text", "body": .string(option.label)])
                await startTurn(agent: (agent, presence.userID(of: agent)), text: option.label, event: event)
            case .command(let name):
                let responder = (name: await presence.agent(of: poster.userID) ?? AgentsConfiguration.mainAgentName, user: poster.userID)
                let command = ChatCommand(name: name, arguments: [option.value], rest: option.value)
                let context = CommandContext(sender: sender.rawValue, level: permissions.level(of: sender),
                                             chat: Self.chatKey(room).rawValue, agent: responder.name, prefix: "!")
                let reply = await commands.execute(command, context: context)
                try await post(reply, as: poster, agent: responder.name, room: room, answering: cause)
            }
        case .turnedPage(let menu):
            _ = try await poster.sendMessage(room, content: MatrixContent.edit(of: menuID, menu.render(), msgtype: "m.notice"))
            for reactionKey in menu.reactionKeys { _ = try? await poster.react(room, to: menuID, key: reactionKey) }
        case .expired:
            try await notice("That menu has expired; run the command again.")
        case .alreadyUsed:
            try await notice("That choice was already made.")
        case .notYours(let owner):
            try await notice("Only \(owner) can choose here.")
        case .noSuchOption(let count):
            try await notice("Pick a number from 1 to \(count).")
        case .notAMenu:
            break
        }
    }
}

extension OptionMenu.Purpose {
    var isCommand: Bool {
        if case .command = self { return true }
        return false
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
