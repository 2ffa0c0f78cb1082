import Agents
import Foundation
import Logging
import MatrixAppService

/// `telegram.mirror`: each Telegram chat gets a Matrix portal room, created by the bot with the owners
/// invited, where the Telegram user speaks as a puppet (`@<prefix>tg_<id>`, named after them) and the
/// agents' answers appear as the agents' own users — so an admin can follow Telegram from Element.
///
/// Mirroring runs on its own queue, in order, apart from the Telegram conversation: a slow or failing
/// homeserver delays or loses mirror messages (logged), never a Telegram answer.
public struct TelegramMirror: Sendable {
    private let jobs: AsyncStream<@Sendable () async -> Void>.Continuation
    let portals: TelegramPortals

    /// Portals are made like the agents' rooms: the same owners invited, encrypted under the same settings.
    init(presence: AgentPresence, store: any TelegramStore, logger: Logger) {
        portals = TelegramPortals(presence: presence, store: store, logger: logger)
        let (stream, continuation) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
        jobs = continuation
        Task {
            for await job in stream { await job() }
        }
    }

    /// The puppet users' localpart after the user prefix: `tg_<telegram id>`.
    static let puppetPrefix = "tg_"

    /// A Telegram user's message (or button press) in a chat the bridge acted on.
    /// With a title the chat's portal is created if need be; without one only an existing portal is used.
    func userSaid(_ text: String, from user: TelegramUser, in ref: TelegramChatRef, chatTitle: String?) {
        userSaid({ _ in text }, from: user, in: ref, chatTitle: chatTitle)
    }

    /// The same, for a message that needs Troupe's words ("a photo"): said in the portal room's language.
    func userSaid(_ text: @escaping @Sendable (Localizer) -> String, from user: TelegramUser, in ref: TelegramChatRef, chatTitle: String?) {
        jobs.yield { [portals] in await portals.post(text, as: .user(user), in: ref, chatTitle: chatTitle) }
    }

    /// An agent's final answer (or a command's reply, as the main agent).
    func agentSaid(_ markdown: String, agent: String, in ref: TelegramChatRef, notice: Bool = false) {
        jobs.yield { [portals] in await portals.post({ _ in markdown }, as: .agent(agent, notice: notice), in: ref, chatTitle: nil) }
    }

    /// A menu in the portal: the text and the choices, which are pressed on Telegram, not here.
    static func menuText(_ menu: OptionMenu) -> String {
        ([menu.title, ""] + menu.options.map { "🔘 " + $0.label }).joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    /// Waits until everything queued so far is mirrored (for tests and shutdown).
    func drain() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            jobs.yield { done.resume() }
        }
    }
}

/// The Matrix side of the mirror: portal rooms, puppets, posting.
actor TelegramPortals {
    enum Speaker: Sendable {
        case user(TelegramUser)
        case agent(String, notice: Bool)
    }

    let presence: AgentPresence
    let store: any TelegramStore
    let logger: Logger
    /// Puppets whose profile was set in this run; a Telegram name change shows after a restart.
    private var profiled: Set<UserID> = []

    init(presence: AgentPresence, store: any TelegramStore, logger: Logger) {
        self.presence = presence
        self.store = store
        self.logger = logger
    }

    var appservice: AppService { presence.appservice }

    func puppet(of user: TelegramUser) -> UserID {
        appservice.namespacedUser(TelegramMirror.puppetPrefix + String(user.id))
    }

    func post(_ render: @Sendable (Localizer) -> String, as speaker: Speaker, in ref: TelegramChatRef, chatTitle: String?) async {
        do {
            guard let room = try await portal(for: ref, title: chatTitle) else { return }
            let text = render(await presence.languages.localizer(for: .matrix(room)))
            let intent: Intent
            let content: MessageContent
            switch speaker {
            case .user(let user):
                let id = puppet(of: user)
                intent = appservice.intent(for: id)
                try await intent.ensureRegistered()
                if !profiled.contains(id) {
                    try await intent.ensureDisplayName(Self.displayname(of: user))
                    profiled.insert(id)
                }
                content = MatrixContent.message(text)
            case .agent(let agent, let notice):
                intent = appservice.intent(for: presence.userID(of: agent))
                content = MatrixContent.message(text, msgtype: notice ? .notice : .text)
            }
            // Joins as needed: the bot invites the puppet or agent first if the room wants an invite.
            try await intent.ensureJoined(room)
            _ = try await intent.sendMessage(room, content)
        } catch {
            logger.warning("could not mirror a Telegram message into Matrix", metadata: ["chat": "\(ref.address.stored)", "error": "\(error)"])
        }
    }

    /// The chat's portal room, created on first use; nil when there is none yet and no title to make one
    /// (an answer can only arrive after the message that created it).
    private func portal(for ref: TelegramChatRef, title: String?) async throws -> RoomID? {
        if let room = try await store.portal(ofChat: ref.address.stored) { return RoomID(room) }
        guard let title else { return nil }
        // A new room has no language of its own yet: it is named in Troupe's.
        let text = Localizer(await presence.languages.fallback)
        let room = try await appservice.botIntent.createRoom(Self.portalOptions(for: ref, title: title, owners: presence.owners,
                                                                                 encrypted: presence.encryptRooms, text: text))
        try await store.setPortal(room.rawValue, ofChat: ref.address.stored)
        logger.info("created a Matrix portal room for a Telegram chat", metadata: ["chat": "\(ref.address.stored)", "room_id": "\(room)"])
        return room
    }

    /// How a portal is created. Like the agents' rooms, with encryption.require (or default) a portal is
    /// created encrypted, never in the clear first.
    static func portalOptions(for ref: TelegramChatRef, title: String, owners: [UserID], encrypted: Bool,
                              text: Localizer = Localizer()) -> CreateRoomOptions {
        var name = "Telegram · " + title
        if let thread = ref.threadID { name += " · " + text.portalThread("\(thread)") }
        var options = CreateRoomOptions(name: name, topic: text.portalTopic(ref.address.stored), invite: owners)
        if encrypted { options.initialState.append(CreateRoomOptions.megolmEncryption) }
        return options
    }

    static func displayname(of user: TelegramUser) -> String {
        let name = ([user.firstName] + [user.lastName].compactMap { $0 }).joined(separator: " ")
        return "\(name.isEmpty ? user.username ?? String(user.id) : name) (Telegram)"
    }
}
