import Agents
import Foundation
import Images
import Logging
import MatrixAppService
import MatrixCrypto

/// Matrix's side of the bridge: turns room events into `IncomingMessage`s for the router, and looks after what
/// only Matrix has (invites and membership, encrypted rooms).
public struct MatrixBridge: TransactionHandler {
    let appservice: AppService
    /// `permissions:` as in force now (a reload changes them without a restart).
    let livePermissions: Live<Permissions>
    var permissions: Permissions { livePermissions.value }
    let presence: AgentPresence
    let transport: MatrixTransport
    let router: MessageRouter
    let logger: Logger
    /// The agents' devices (nil unless `encryption.allow`): decryption itself is the dispatcher's stage; the bridge
    /// reads device ids for notices and hands `!crypto` to it. See MatrixBridge+Encryption.
    let crypto: CryptoHandler?
    /// `encryption.require`: unencrypted rooms are refused (invites rejected, messages answered with a refusal).
    let requireEncryption: Bool
    /// Rooms told that encryption is off (see MatrixBridge+DeviceTrust).
    let encryptionOffNotices = RoomsNoticed()

    init(appservice: AppService, runtime: AgentRuntime, permissions: Live<Permissions>, presence: AgentPresence,
         sessions: any NamedSessionStore, menus: any MenuStore, streaming: Live<StreamingSettings>, logger: Logger,
         crypto: CryptoHandler? = nil, requireEncryption: Bool = false,
         runs: RunManager? = nil, questions: PendingQuestions = PendingQuestions(), automation: AutomationServices? = nil,
         images: ImageOptions = ImageOptions(), commandPrefix: String = CommandSettings.defaultPrefix,
         languages: ChatLanguages = ChatLanguages()) {
        self.crypto = crypto
        self.requireEncryption = requireEncryption
        self.appservice = appservice
        self.livePermissions = permissions
        self.presence = presence
        var logger = logger
        logger[metadataKey: "transport"] = "matrix"
        self.logger = logger
        let commands = BuiltinCommands.table(host: MatrixCommandHost(runtime: runtime, appservice: appservice, presence: presence,
                                                                     crypto: crypto), sessions: sessions, runs: runs, questions: questions,
                                             automation: automation)
        let transport = MatrixTransport(appservice: appservice, presence: presence, commands: commands, recent: RecentMessages(),
                                        commandPrefix: commandPrefix)
        self.transport = transport
        let menus = MenuRegistry(store: menus, owns: { transport.owns($0.origin) }, logger: logger)
        router = MessageRouter(transport: transport, runtime: runtime, menus: menus, sessions: sessions, questions: questions,
                               streaming: streaming, images: images, languages: languages, logger: logger)
    }

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
            switch event.eventType {
            case .member:
                try await handleMembership(event)
            case .message where !appservice.isOurs(event.sender):
                try await handleMessage(event)
            case .reaction where !appservice.isOurs(event.sender):
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
        // Before joining, a room has no language of its own: the configured one.
        let text = await router.text(for: .matrix(event.roomID))
        switch membership {
        case .invite where appservice.isOurs(event.sender):
            // Our own users invite each other only into Telegram portal rooms, and the invitee joins by itself.
            return
        case .invite:
            guard await presence.agent(of: target) != nil else {
                logger.info("rejecting invite for an unknown agent user", metadata: fields)
                try await intent.ensureRegistered()
                try await intent.leave(event.roomID, reason: text.leaveNoSuchAgent)
                return
            }
            guard permissions.allows(event.sender, .user) else {
                logger.info("rejecting invite from a user without permission", metadata: fields)
                try await intent.ensureRegistered()
                try await intent.leave(event.roomID, reason: text.notAllowed(event.sender.rawValue))
                return
            }
            if requireEncryption, Self.invitedToUnencryptedRoom(event) {
                logger.info("rejecting invite to an unencrypted room (encryption.require)", metadata: fields)
                try await intent.ensureRegistered()
                try await intent.leave(event.roomID, reason: text.encryptionRequired)
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
                _ = try? await intent.sendNotice(event.roomID, text.encryptionRequired)
                try await intent.leave(event.roomID, reason: text.encryptionRequired)
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

    // MARK: Messages and reactions

    /// A message as the router reads it: edits and notices (what bots send; answering them is how two bots end
    /// up talking forever) are not messages to act on.
    private func handleMessage(_ event: ClientEvent) async throws {
        guard let content = event.messageContent, !content.isEdit, content.msgtype != .notice else { return }
        // A thread is a conversation of its own; its fallback reply (for clients without threads) is no reply.
        let thread = content.relatesTo?.relType == .thread ? content.relatesTo?.eventID : nil
        let chat = thread.map { ChatAddress.matrixThread(event.roomID, root: $0) } ?? .matrix(event.roomID)
        let replyTarget = thread == nil ? content.replyTarget : content.relatesTo?.threadedReply
        let agents = await transport.agents(in: chat)
        guard !agents.isEmpty else { return }
        // Older clients quote the message replied to in the body; that quote is not what the user said.
        let text = MatrixContent.withoutReplyFallback(content.body, content: content)
        var message = IncomingMessage(id: MessageID(event.eventID), chat: chat, sender: sender(event.sender), text: text,
                                      mentions: await transport.mentions(in: content, room: event.roomID, among: agents),
                                      replyTo: replyTarget.map(MessageID.init))
        message.quote = await replyTarget.asyncMap { await quote(of: $0, in: event.roomID, reader: presence.userID(of: agents[0])) }
        if content.msgtype?.isMedia != true {
            let name = (try? await appservice.state.displayname(room: event.roomID, user: event.sender)) ?? nil
            await transport.recent.remember(event.eventID, sender: name ?? event.sender.rawValue, text: text)
        }
        if content.msgtype?.isMedia == true {
            // Nothing is fetched here: the dispatcher serves every room and must not wait on one file.
            message.text = MatrixMedia.caption(of: content)
            message.attachment = { [intent = appservice.intent(for: appservice.botUserID)] folder in
                MatrixMedia.pending(event, with: intent, folder: folder)
            }
        }
        if requireEncryption, try await !appservice.state.isEncrypted(room: event.roomID) {
            message.refusal = await router.text(for: chat).encryptionRequired
        }
        await router.handle(message)
    }

    /// The message replied to: from the recent texts, else (after a restart, or an old message) asked of the
    /// homeserver and decrypted if need be. Nil when neither works: the turn goes on without the quote.
    private func quote(of target: EventID, in room: RoomID, reader: UserID) async -> QuotedMessage? {
        if let known = await transport.recent.quote(of: target) { return known }
        do {
            var fetched = try await appservice.intent(for: reader).event(target, in: room)
            if fetched.type == EventType.encrypted.rawValue {
                guard let crypto, case .decrypted(let plain) = await crypto.decrypt(fetched) else { return nil }
                fetched = plain.event
            }
            guard let content = fetched.messageContent, !content.body.isEmpty else { return nil }
            let text = MatrixContent.withoutReplyFallback(content.body, content: content)
            let name = (try? await appservice.state.displayname(room: room, user: fetched.sender)) ?? nil
            let quote = QuotedMessage(sender: name ?? fetched.sender.rawValue, text: text)
            await transport.recent.remember(target, sender: quote.sender, text: text)
            return quote
        } catch {
            logger.info("the message replied to could not be fetched; the turn goes on without it",
                        metadata: ["room_id": "\(room)", "event_id": "\(target)", "error": "\(error)"])
            return nil
        }
    }

    private func handleReaction(_ event: ClientEvent) async throws {
        guard let reaction = event.reactionContent, let target = reaction.target, let key = reaction.key else { return }
        // A reaction names no thread; the menu it picks from knows where it was shown.
        let shownIn = await router.menus.chat(showing: MessageID(target))
        let chat = shownIn.flatMap { $0.matrixRoom == event.roomID ? $0 : nil } ?? .matrix(event.roomID)
        await router.handle(IncomingMessage(id: MessageID(event.eventID), chat: chat, sender: sender(event.sender),
                                            text: key, pick: .init(menu: .message(MessageID(target)), key: key)))
    }

    private func sender(_ user: UserID) -> IncomingMessage.Sender {
        IncomingMessage.Sender(id: user.rawValue, level: permissions.level(of: user), displayName: user.rawValue)
    }
}

