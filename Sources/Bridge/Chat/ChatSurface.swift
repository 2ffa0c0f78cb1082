import Agents
import Foundation

/// How a message goes out.
public struct SendOptions: Sendable {
    /// Makes a resend idempotent where the messenger can: the message it answers and what the send is for.
    public enum Key: Sendable, Equatable {
        case answering(MessageID, purpose: String)
        case fixed(String)
    }

    /// A bot's notice rather than a conversational message (Matrix `m.notice`).
    public var notice = false
    public var replyTo: MessageID?
    public var key: Key?
    /// A menu shown by this message, with its registry token: as reactions or as buttons, as the messenger can.
    public var menu: (token: String, menu: OptionMenu)?

    public init(notice: Bool = false, replyTo: MessageID? = nil, key: Key? = nil, menu: (token: String, menu: OptionMenu)? = nil) {
        self.notice = notice
        self.replyTo = replyTo
        self.key = key
        self.menu = menu
    }
}

/// What a messenger can do in one chat, speaking as one agent: the seam every transport implements, and all the
/// turn streamer and the router ever use to put something in front of people.
public protocol ChatSurface: Sendable {
    var chat: ChatAddress { get }
    /// The agent whose voice this is (on Matrix it may be another agent speaking for one not in the room).
    var speaker: String { get }
    /// How often a typing indicator must be renewed to stay visible.
    var typingRenewal: Duration { get }

    /// Markdown in pieces that each fit one message, rendered as the messenger wants them; `label` (a named
    /// session) goes in front.
    func parts(of markdown: String, label: String?) -> [String]
    func send(_ part: String, _ options: SendOptions) async throws -> MessageID
    func edit(_ message: MessageID, to part: String, _ options: SendOptions) async throws
    /// Takes a message back (Matrix redacts it, Telegram deletes it): a streamed message the final answer does not need.
    func retract(_ message: MessageID) async
    func showTyping() async
    func stopTyping() async
    func markRead(_ message: MessageID) async
    /// `streaming.seen`: shows at once that the message was handed to an agent (a read receipt, or 👀 on Telegram).
    func markSeen(_ message: MessageID) async
    func sendFile(_ file: FileMarkers.OpenedFile) async throws
    /// A button press's answer (a toast); only transports with buttons get presses.
    func answerPress(_ press: String, _ text: String, alert: Bool) async throws
    /// A menu's Markdown as this messenger shows it (with the numbers to type or react, or just its title above buttons).
    func text(of menu: OptionMenu, in text: Localizer) -> String
    /// Refused for good (a room the agent left, a chat the bot was removed from): trying again would not help.
    func isPermanent(_ error: any Error) -> Bool
    /// After a menu's message is sent (and the registry knows it): what else the messenger needs to offer the
    /// choices (Matrix seeds the digit reactions, in order; Telegram's buttons went with the message). Returns what it
    /// added (the seeded reactions), for `detach` once they are no longer choices.
    func attach(_ menu: OptionMenu, to message: MessageID) async -> [MessageID]
    /// Takes away what `attach` added: a choice was made, the page turned, or the menu expired.
    func detach(_ seeds: [MessageID]) async
    /// Told the final text of whatever went out (an answer, a command's reply), for mirrors.
    func record(_ markdown: String, notice: Bool, menu: OptionMenu?)
}

extension ChatSurface {
    public func answerPress(_ press: String, _ text: String, alert: Bool) async throws {}
    public func record(_ markdown: String, notice: Bool, menu: OptionMenu?) {}
    public func markRead(_ message: MessageID) async {}
    public func markSeen(_ message: MessageID) async { await markRead(message) }
    public func attach(_ menu: OptionMenu, to message: MessageID) async -> [MessageID] { [] }
    public func detach(_ seeds: [MessageID]) async {}

    /// `attach`, and the registry told what was added.
    func offer(_ menu: OptionMenu, token: String, on message: MessageID, menus: MenuRegistry?) async {
        let seeds = await attach(menu, to: message)
        await menus?.seeded(token, seeds)
    }

    /// Sends Markdown in as many messages as it needs, the first with `options`, a menu on the last; returns the
    /// last message.
    @discardableResult
    public func post(_ markdown: String, _ options: SendOptions = SendOptions(), label: String? = nil,
                     menus: MenuRegistry? = nil) async throws -> MessageID? {
        let parts = parts(of: markdown, label: label)
        var last: MessageID?
        for (index, part) in parts.enumerated() {
            var each = options
            if index > 0 {
                each.replyTo = nil
                each.key = options.key.map { $0.part(index) }
            }
            if index < parts.count - 1 { each.menu = nil }
            last = try await send(part, each)
        }
        if let last, let (token, menu) = options.menu {
            await menus?.shown(token, in: last)
            await offer(menu, token: token, on: last, menus: menus)
        }
        record(markdown, notice: options.notice, menu: options.menu?.menu)
        return last
    }
}

extension SendOptions.Key {
    /// The key of a later part of the same message.
    func part(_ index: Int) -> SendOptions.Key {
        switch self {
        case .answering(let message, let purpose): .answering(message, purpose: "\(purpose)-\(index)")
        case .fixed(let id): .fixed("\(id)-\(index)")
        }
    }
}
