import Agents
import CoreMetrics
import Foundation
import Images
import Logging
import Retry
import ServiceLifecycle
import TroupeMetrics

/// Telegram's side of the bridge: long-polls the Bot API for updates and turns them into `IncomingMessage`s for
/// the router, and looks after what only Telegram has (which groups the bot stays in, the offset, the mirror).
/// Private chats hear every message; groups only those that mention the bot or reply to it (unless
/// `group_mention_only` is off). Each forum topic is a chat of its own.
public actor TelegramBridge: Service {
    /// Updates the bridge asks for; others (channel posts, polls, …) are never delivered.
    static let allowedUpdates = ["message", "callback_query", "my_chat_member"]

    let api: TelegramBotAPI
    let settings: TelegramSettings
    /// Who may use the bot and how groups address it, as in force now (a reload changes them without a restart).
    let access: Live<TelegramSettings>
    let store: any TelegramStore
    let logger: Logger
    nonisolated let transport: TelegramTransport
    nonisolated let router: MessageRouter
    nonisolated var fixedAgent: String? { transport.fixedAgent }
    /// Set with `telegram.mirror`: every chat the bridge acts on is followed in a Matrix portal room.
    let mirror: TelegramMirror?
    private var me: TelegramUser?
    private var lastUpdateID: Int64?
    /// Supergroups that replaced allowed groups; allowed like them (see `allowsGroup`).
    private var upgradedGroups: Set<Int64> = []
    /// `troupe_telegram_poll_errors_total{reason}`.
    private let pollErrors = LabelledMetrics<CoreMetrics.Counter>(counter: MetricName.telegramPollErrors, labels: ["reason"],
                                                                  factory: MetricsSystem.factory)

    public init(api: TelegramBotAPI, settings: TelegramSettings, runtime: AgentRuntime, store: any TelegramStore,
                streaming: Live<StreamingSettings>, access: Live<TelegramSettings>? = nil, fixedAgent: String? = nil, mirror: TelegramMirror? = nil, runs: RunManager? = nil,
                sessions: (any NamedSessionStore)? = nil, menus: (any MenuStore)? = nil, automation: AutomationServices? = nil,
                images: ImageOptions = ImageOptions(), languages: ChatLanguages = ChatLanguages(), logger: Logger) {
        self.api = api
        self.settings = settings
        self.access = access ?? .fixed(settings)
        self.store = store
        self.mirror = mirror
        var logger = logger
        logger[metadataKey: "transport"] = "telegram"
        if let fixedAgent { logger[metadataKey: "agent_bot"] = "\(fixedAgent)" }
        self.logger = logger
        let transport = TelegramTransport(api: api, runtime: runtime, store: store, fixedAgent: fixedAgent, mirror: mirror,
                                          commands: Self.makeCommands(runtime: runtime, api: api, store: store, fixedAgent: fixedAgent,
                                                                      runs: runs, sessions: sessions, automation: automation))
        self.transport = transport
        let menus = MenuRegistry(store: menus, owns: { transport.owns($0.origin) }, logger: logger)
        router = MessageRouter(transport: transport, runtime: runtime, menus: menus, sessions: sessions, questions: nil, streaming: streaming,
                               images: images, languages: languages, logger: logger)
    }

    /// The store's key for this bot's offset; a bot's id never changes, its username may.
    private var botKey: String { me.map { String($0.id) } ?? "unknown" }

    // MARK: Service

    public func run() async throws {
        let me = try await identify()
        self.me = me
        do {
            // One menu for every chat: in the default language as it is at start-up.
            try await api.setMyCommands(Self.menuCommands(from: transport.commands, text: Localizer(await router.languages.fallback)))
        } catch {
            logger.warning("could not register the bot's commands with setMyCommands", metadata: ["error": "\(error)"])
        }
        lastUpdateID = try await store.lastUpdateID(bot: botKey)
        upgradedGroups = try await store.upgradedGroups()
        logger.info("telegram bot ready", metadata: ["bot": "@\(me.username ?? me.firstName)", "bot_id": "\(me.id)",
                                                     "offset": "\(lastUpdateID.map { String($0 + 1) } ?? "none")"])
        try await cancelWhenGracefulShutdown { try await self.poll() }
    }

    /// `getMe`: a rejected token stops start-up (thrown); an unreachable Bot API is retried until it answers.
    private func identify() async throws -> TelegramUser {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await api.getMe()
            } catch let error as TelegramError where error.isPermanent {
                logger.critical("\(error)")
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.error("cannot start the Telegram bot yet: \(error)", metadata: ["attempt": "\(attempt)"])
                try await Self.backoff.sleep(afterAttempt: attempt)
            }
        }
    }

    /// Between failed starts and failed polls: 2 s, 4 s … 60 s, until shutdown.
    static let backoff = Backoff(base: .seconds(2), cap: .seconds(60))

    private func poll() async throws {
        var failures = 0
        while !Task.isCancelled {
            let updates: [TelegramUpdate]
            do {
                updates = try await api.getUpdates(offset: lastUpdateID.map { $0 + 1 }, timeout: TelegramBotAPI.pollTimeout, allowedUpdates: Self.allowedUpdates)
                failures = 0
            } catch is CancellationError {
                return
            } catch let error as TelegramError where error == .unauthorized(tokenEnv: settings.tokenEnv) {
                pollErrors("unauthorized").increment()
                logger.critical("\(error)")
                throw error
            } catch let error as TelegramError where error.isWebhookConflict {
                // Someone set a webhook for this bot (another tool, an earlier setup): Troupe polls, so it
                // removes the webhook; updates waiting for it are kept and arrive by polling.
                pollErrors("webhook_conflict").increment()
                logger.warning("the bot had a webhook, so Telegram refused polling; deleting the webhook")
                do {
                    try await api.deleteWebhook()
                } catch {
                    failures += 1
                    logger.error("could not delete the bot's webhook", metadata: ["error": "\(error)"])
                    try? await Self.backoff.sleep(afterAttempt: failures)
                }
                continue
            } catch let error as TelegramError where error.isPollingConflict {
                pollErrors("polling_conflict").increment()
                failures += 1
                logger.error("another process is polling this bot: only one Troupe (or other program) may use a bot token at a time",
                             metadata: ["error": "\(error)", "token_env": "\(api.tokenEnv)"])
                try? await Self.backoff.sleep(afterAttempt: failures)
                continue
            } catch {
                pollErrors(Self.pollErrorReason(error)).increment()
                failures += 1
                logger.error("polling Telegram failed; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                try? await Self.backoff.sleep(afterAttempt: failures)
                continue
            }
            for update in updates.sorted(by: { $0.updateID < $1.updateID }) {
                // Telegram repeats what was not confirmed; an update already handled is never handled twice.
                if let last = lastUpdateID, update.updateID <= last { continue }
                await handle(update)
                lastUpdateID = update.updateID
                do {
                    try await store.setLastUpdateID(update.updateID, bot: botKey)
                } catch {
                    logger.error("could not store the Telegram offset", metadata: ["update_id": "\(update.updateID)", "error": "\(error)"])
                }
            }
        }
    }

    /// The `reason` label of a failed poll: the error's kind, never its text.
    static func pollErrorReason(_ error: any Error) -> String {
        switch error as? TelegramError {
        case .rateLimited: "rate_limited"
        case .api: "api"
        case .network: "network"
        case .invalidResponse: "invalid_response"
        case .unauthorized: "unauthorized"
        case .missingToken: "missing_token"
        case nil: "other"
        }
    }

    // MARK: Updates

    func handle(_ update: TelegramUpdate) async {
        do {
            if let message = update.message {
                try await handleMessage(message)
            } else if let query = update.callbackQuery {
                try await handleCallback(query)
            } else if let change = update.myChatMember {
                try await handleMembership(change)
            }
        } catch {
            logger.error("update handling failed", metadata: ["update_id": "\(update.updateID)", "error": "\(error)"])
        }
    }

    /// The bot was added to a group: it stays only where it is allowed.
    private func handleMembership(_ change: TelegramChatMemberUpdated) async throws {
        guard change.chat.isGroup, ["member", "administrator"].contains(change.newChatMember.status),
              !allowsGroup(change.chat.id) else { return }
        try await leaveGroup(change.chat)
    }

    private func leaveGroup(_ chat: TelegramChat) async throws {
        logger.info("leaving a group that is not in telegram.allowed_groups", metadata: ["chat_id": "\(chat.id)"])
        let text = await router.text(for: TelegramChatRef(chatID: chat.id, threadID: nil, bot: fixedAgent).address)
        _ = try? await api.sendMessage(chatID: chat.id, html: TelegramHTML.escape(text.telegramGroupNotAllowed(chat.id)))
        try await api.leaveChat(chatID: chat.id)
    }

    /// Who may use the bot: in private chats the allowed users, in groups everyone in an allowed group
    /// (the bot does not stay in any other group).
    func permitted(_ user: TelegramUser, in chat: TelegramChat) -> Bool {
        chat.isGroup ? allowsGroup(chat.id) : access.value.allowedUsers.contains(user.id)
    }

    /// A group in `allowed_groups`, or the supergroup Telegram made of one: upgrading a group (for
    /// topics, or past 200 members) gives it a new id, and the bot must not walk out of it.
    func allowsGroup(_ id: Int64) -> Bool {
        access.value.allowedGroups.contains(id) || upgradedGroups.contains(id)
    }

    /// The first message in a supergroup that replaced an allowed group: remember it, and tell the
    /// operator which id to put in the config.
    private func noteUpgrade(_ message: TelegramMessage) async {
        guard let old = message.migrateFromChatID, allowsGroup(old), !allowsGroup(message.chat.id) else { return }
        upgradedGroups.insert(message.chat.id)
        do {
            try await store.addUpgradedGroup(message.chat.id, from: old)
        } catch {
            logger.error("could not store an upgraded group", metadata: ["chat_id": "\(message.chat.id)", "error": "\(error)"])
        }
        logger.warning("an allowed group became a supergroup with a new id: it stays allowed; put the new id in telegram.allowed_groups",
                       metadata: ["old_chat_id": "\(old)", "chat_id": "\(message.chat.id)"])
    }

    private func handleMessage(_ message: TelegramMessage) async throws {
        await noteUpgrade(message)
        guard let from = message.from, !from.isBot, let me else { return }
        let chat = message.chat
        guard chat.isPrivate || chat.isGroup else { return }
        if chat.isGroup && !allowsGroup(chat.id) {
            try await leaveGroup(chat)
            return
        }
        let ref = TelegramChatRef(message, bot: fixedAgent)
        let text = message.text ?? message.caption ?? ""
        let address = TelegramAddressing(botUsername: me.username, botID: me.id)
        let command = address.command(in: text)
        if chat.isGroup {
            if command == .otherBot { return }
            let addressed = command != nil || address.mentions(text, entities: message.entities ?? message.captionEntities ?? [])
                || message.replyToMessage?.from?.id == me.id
            if access.value.groupMentionOnly && !addressed { return }
        }
        let permitted = permitted(from, in: chat)
        if !permitted {
            logger.info("refused a Telegram user", metadata: ["user_id": "\(from.id)", "chat_id": "\(chat.id)"])
        } else {
            mirror?.userSaid({ [message, text] in Self.mirrorText(of: message, text: text, words: $0) }, from: from, in: ref,
                             chatTitle: chat.title ?? ([from.firstName] + [from.lastName].compactMap { $0 }).joined(separator: " "))
        }
        var incoming = IncomingMessage(id: MessageID(String(message.messageID)), chat: ref.address, sender: sender(from, permitted: permitted, text: await router.text(for: ref.address)),
                                       text: address.withoutMention(text), replyTo: message.replyToMessage.map { MessageID(String($0.messageID)) },
                                       expectsAnswer: chat.isPrivate)
        if let quoted = message.replyToMessage, let quotedText = quoted.text, !quotedText.isEmpty {
            incoming.quote = QuotedMessage(sender: quoted.from.map { $0.username.map { "@" + $0 } ?? $0.firstName } ?? "someone",
                                           text: quotedText)
        }
        if TelegramMedia.hasFile(message) {
            incoming.attachment = { [api] folder in try TelegramMedia.pending(message, api: api, folder: folder) }
        }
        await router.handle(incoming)
    }

    /// An inline-keyboard press: a pick from the menu its button names.
    func handleCallback(_ query: TelegramCallbackQuery) async throws {
        guard let data = query.data, let (token, key) = TelegramKeyboard.parse(data) else {
            try await api.answerCallbackQuery(query.id, text: Localizer(await router.languages.fallback).buttonNotOurs)
            return
        }
        guard let message = query.message else {
            try await api.answerCallbackQuery(query.id, text: Localizer(await router.languages.fallback).menuExpired, showAlert: true)
            return
        }
        let ref = TelegramChatRef(message, bot: fixedAgent)
        await router.handle(IncomingMessage(id: MessageID(query.id), chat: ref.address,
                                            sender: sender(query.from, permitted: permitted(query.from, in: message.chat),
                                                           text: await router.text(for: ref.address)), text: key,
                                            pick: .init(menu: .token(token), key: key, press: query.id) { [mirror, from = query.from] label in
                                                mirror?.userSaid("✅ " + label, from: from, in: ref, chatTitle: nil)
                                            }))
    }

    private func sender(_ user: TelegramUser, permitted: Bool, text: Localizer) -> IncomingMessage.Sender {
        IncomingMessage.Sender(id: TelegramSettings.senderPrefix + "\(user.id)", level: !permitted ? .none : access.value.admins.contains(user.id) ? .admin : .user,
                               displayName: user.username.map { "@" + $0 } ?? user.firstName,
                               admissionHint: text.telegramAdmissionHint(user.id))
    }

    /// What a Telegram message looks like in its portal room.
    static func mirrorText(of message: TelegramMessage, text: String, words: Localizer) -> String {
        var parts: [String] = []
        if let (file, name) = TelegramMedia.file(of: message) { parts.append("📎 " + (file.fileName ?? name)) }
        if message.photo != nil { parts.append("📷 " + words.portalPhoto) }
        if !text.isEmpty { parts.append(text) }
        return parts.isEmpty ? words.portalUnreadable : parts.joined(separator: "\n")
    }
}
