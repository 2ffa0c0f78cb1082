import Logging
import MatrixAppService

/// The Matrix side of Troupe for the foundation: accepts invites from permitted users, rejects the
/// rest, and answers `!ping`. The agent bridge replaces the message path in a later step.
public struct MatrixEventHandler: TransactionHandler {
    let appservice: AppService
    let permissions: Permissions
    let agentNames: @Sendable () async -> [String]
    let logger: Logger

    public init(appservice: AppService, permissions: Permissions, agentNames: @escaping @Sendable () async -> [String],
                logger: Logger) {
        self.appservice = appservice
        self.permissions = permissions
        self.agentNames = agentNames
        self.logger = logger
    }

    public func handleTimeline(_ event: ClientEvent) async {
        do {
            switch event.type {
            case "m.room.member":
                try await handleMembership(event)
            case "m.room.message" where !appservice.isOurs(event.sender):
                try await handleMessage(event)
            default:
                break
            }
        } catch {
            logger.error("event handling failed", metadata: [
                "event_id": "\(event.eventID)", "room_id": "\(event.roomID)", "error": "\(error)",
            ])
        }
    }

    /// Whether a user of our namespace stands for something that exists: the bot or a configured agent.
    private func isKnownAgentUser(_ user: UserID) async -> Bool {
        if user == appservice.botUserID { return true }
        guard let name = appservice.namespaceName(of: user) else { return false }
        return await agentNames().contains(name)
    }

    private func handleMembership(_ event: ClientEvent) async throws {
        guard let stateKey = event.stateKey else { return }
        let target = UserID(stateKey)
        guard appservice.isOurs(target), let membership = event.membership else { return }
        let intent = appservice.intent(for: target)
        let fields: Logger.Metadata = ["room_id": "\(event.roomID)", "user_id": "\(target)", "sender": "\(event.sender)"]
        switch membership {
        case .invite:
            guard await isKnownAgentUser(target) else {
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
            try await intent.ensureRegistered()
            try await intent.join(event.roomID.rawValue)
            logger.info("joined room on invite", metadata: fields)
        case .leave where event.sender != target, .ban:
            logger.info("removed from room", metadata: fields.merging(["membership": "\(membership.rawValue)"]) { $1 })
        default:
            break
        }
    }

    private func handleMessage(_ event: ClientEvent) async throws {
        guard let body = event.content["body"]?.stringValue else { return }
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.lowercased() == "!ping" else { return }
        let bot = appservice.botIntent
        guard try await appservice.state.membership(room: event.roomID, user: bot.userID) == .join else { return }
        let allowed = permissions.allows(event.sender, .user)
        let reply = allowed ? "pong" : "Sorry, \(event.sender) is not allowed to use Troupe."
        try await bot.sendNotice(event.roomID, reply, txnID: ReplyTxnID.make(from: bot.userID, answering: event.eventID, purpose: "ping"))
    }
}
