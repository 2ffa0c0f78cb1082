import Agents
import Foundation

/// Inline-keyboard presses and typed numbers picking from a menu.
extension TelegramBridge {
    /// A menu's registry key: its chat (a button only works in the chat it was shown in) and token.
    static func menuKey(chatID: Int64, token: String) -> String { "telegram:\(chatID):\(token)" }

    static func menuLocation(_ key: String) -> (chatID: Int64, token: String)? {
        let fields = key.split(separator: ":")
        guard fields.count == 3, fields[0] == "telegram", let chat = Int64(fields[1]) else { return nil }
        return (chat, String(fields[2]))
    }

    func handleCallback(_ query: TelegramCallbackQuery) async throws {
        guard let data = query.data, let (token, key) = TelegramKeyboard.parse(data) else {
            try await api.answerCallbackQuery(query.id, text: "This button is not Troupe's.")
            return
        }
        guard let message = query.message else {
            try await api.answerCallbackQuery(query.id, text: "That menu has expired; run the command again.", showAlert: true)
            return
        }
        guard permitted(query.from, in: message.chat) else {
            try await api.answerCallbackQuery(query.id, text: "Sorry, you may not use this bot (your id is \(query.from.id)).", showAlert: true)
            return
        }
        let ref = TelegramChatRef(message, bot: fixedAgent)
        try await applyPick(menuKey: Self.menuKey(chatID: message.chat.id, token: token), key: key, user: query.from, ref: ref,
                            callbackID: query.id, menuMessage: message.messageID, replyTo: nil)
    }

    /// A button press (with `callbackID`) or a typed number: picks the option, turns the page, or says
    /// why not — as a toast for a press, as a message for a typed number.
    func applyPick(menuKey: String, key: String, user: TelegramUser, ref: TelegramChatRef, callbackID: String?,
                           menuMessage: Int64?, replyTo: Int64?) async throws {
        guard let location = Self.menuLocation(menuKey) else { return }
        let answer = { (text: String, alert: Bool) in
            if let callbackID {
                try await self.api.answerCallbackQuery(callbackID, text: text, showAlert: alert)
            } else {
                try await self.reply(ref, to: replyTo, markdown: text)
            }
        }
        switch await menus.pick(messageID: menuKey, key: key, user: Self.userKey(user)) {
        case .picked(let option, let menu):
            if let callbackID { try? await api.answerCallbackQuery(callbackID, text: "✅ \(option.label)") }
            mirror?.userSaid("✅ " + option.label, from: user, in: ref, chatTitle: nil)
            let done = (menu.title.isEmpty ? "" : menu.title + "\n\n") + "✅ " + option.label
            if let menuMessage {
                try? await api.editMessageText(chatID: location.chatID, messageID: menuMessage,
                                               html: TelegramSplitter.split(TelegramHTML.render(done)).first ?? "✅")
            }
            switch menu.purpose {
            case .agentButtons(let agent):
                await startTurn(agent: agent, text: option.label, attachments: [], ref: ref, replyTo: menuMessage, asker: user,
                                showAgentName: fixedAgent == nil && agent != AgentsConfiguration.mainAgentName)
            case .command(let name):
                let context = CommandContext(sender: Self.userKey(user), level: .user, chat: ref.key, agent: await agent(of: ref), prefix: "/")
                let result = await commands.execute(ChatCommand(name: name, arguments: [option.value], rest: option.value), context: context)
                try await post(result, ref: ref, replyTo: menuMessage, owner: user)
            }
        case .turnedPage(let menu):
            if let callbackID { try? await api.answerCallbackQuery(callbackID) }
            guard let menuMessage else { return }
            try await api.editMessageText(chatID: location.chatID, messageID: menuMessage, html: Self.menuHTML(menu.title, menu: menu),
                                          keyboard: TelegramKeyboard.markup(for: menu, token: location.token))
        case .expired:
            try await answer("That menu has expired; run the command again.", true)
        case .alreadyUsed:
            try await answer("That choice was already made.", false)
        case .notYours:
            try await answer("Only the person this menu was made for can choose here.", true)
        case .noSuchOption(let count):
            try await answer("Pick a number from 1 to \(count).", false)
        case .notAMenu:
            try await answer("That menu is no longer open (Troupe may have restarted); run the command again.", true)
        }
    }
}
