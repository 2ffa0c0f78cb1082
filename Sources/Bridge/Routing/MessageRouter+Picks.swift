import Foundation
import Agents

/// Picks from menus: reactions, button presses and typed numbers, answered alike on every transport.
extension MessageRouter {
    func handlePick(_ pick: IncomingMessage.Pick, in message: IncomingMessage) async {
        let token: String
        switch pick.menu {
        case .token(let known):
            token = known
        case .message(let shown):
            guard let known = await menus.token(shownIn: shown) else {
                // A digit on one of our messages is a tap on a menu this process does not know (it was shown before
                // a restart); anything else (a 👍 on an answer) is no pick at all.
                if Keycap.number(from: pick.key) != nil, message.sender.level >= .user,
                   let agent = await transport.agent(thatSent: shown, in: message.chat) {
                    await reply(await self.text(for: message.chat).menuNotOpen, to: message, as: agent, purpose: "pick", about: shown)
                }
                return
            }
            token = known
        }
        guard message.sender.level >= .user else {
            if let press = pick.press {
                let surface = await transport.surface(for: message.chat, as: AgentsConfiguration.mainAgentName, fallback: nil)
                try? await surface.answerPress(press, await refusal(for: message.sender, in: message.chat), alert: true)
            }
            return
        }
        await applyPick(token: token, key: pick.key, in: message, press: pick.press, picked: pick.picked)
    }

    /// Takes the seeded reactions off menus that expired untouched (a tap on them would only hear "expired").
    func sweepStaleMenus(now: Date = Date()) async {
        for stale in await menus.stale(now: now) {
            let surface = await transport.surface(for: stale.chat, as: stale.poster ?? AgentsConfiguration.mainAgentName,
                                                  fallback: AgentsConfiguration.mainAgentName)
            await surface.detach(await menus.takeSeeds(stale.token))
        }
    }

    /// Picks the option, turns the page, or says why not: as a toast for a button press, as a reply otherwise.
    func applyPick(token: String, key: String, in message: IncomingMessage, press: String?,
                   picked: (@Sendable (String) -> Void)? = nil) async {
        let poster = await menus.menu(token: token)?.poster ?? AgentsConfiguration.mainAgentName
        let surface = await transport.surface(for: message.chat, as: poster, fallback: AgentsConfiguration.mainAgentName)
        let shown = await menus.message(of: token)
        let text = await self.text(for: message.chat)
        func answer(_ text: String, alert: Bool) async {
            if let press {
                try? await surface.answerPress(press, text, alert: alert)
            } else {
                await reply(text, to: message, as: surface.speaker, purpose: "pick", about: shown)
            }
        }
        switch await menus.pick(token: token, key: key, user: message.sender.id, chat: message.chat) {
        case .picked(let option, let menu):
            if let press { try? await surface.answerPress(press, "✅ \(option.label)", alert: false) }
            picked?(option.label)
            // The seeded digits are no longer choices: taps on them would only be told the choice was made.
            await surface.detach(await menus.takeSeeds(token))
            if let shown {
                let done = (menu.title.isEmpty ? "" : menu.title + "\n\n") + "✅ " + option.label
                if let part = surface.parts(of: done, label: nil).first {
                    try? await surface.edit(shown, to: part, SendOptions(notice: menu.purpose.isCommand))
                }
            }
            switch menu.purpose {
            case .agentButtons(let agent):
                // The answer replies to the menu, not to a reaction (which clients show as an empty quote).
                await stream(TurnRequest(agent: agent, chat: message.chat, text: option.label, attachments: [], fetch: nil, label: nil),
                             for: message, replyTo: shown, fallback: surface.speaker)
            case .command(let name):
                let context = CommandContext(sender: message.sender.id, level: message.sender.level, chat: message.chat.stored,
                                             agent: surface.speaker, prefix: transport.commandPrefix, text: text, languages: languages)
                let reply = await transport.commands.execute(ChatCommand(name: name, arguments: [option.value], rest: option.value),
                                                             context: context)
                await post(reply, answering: message, replyTo: shown ?? message.id, as: surface.speaker)
            }
        case .turnedPage(let menu):
            if let press { try? await surface.answerPress(press, "", alert: false) }
            guard let shown, let part = surface.parts(of: surface.text(of: menu, in: text), label: nil).first else { return }
            do {
                try await surface.edit(shown, to: part, SendOptions(notice: true, menu: (token, menu)))
                await surface.detach(await menus.takeSeeds(token))
                await surface.offer(menu, token: token, on: shown, menus: menus)
            } catch {
                logger.warning("could not turn a menu's page", metadata: ["chat": "\(message.chat)", "error": "\(error)"])
            }
        case .expired:
            await surface.detach(await menus.takeSeeds(token))
            await answer(text.menuExpired, alert: true)
        case .alreadyUsed:
            await answer(text.choiceAlreadyMade, alert: false)
        case .notYours:
            await answer(text.menuNotYours, alert: true)
        case .noSuchOption(let count):
            await answer(text.pickNumber(upTo: count), alert: false)
        case .notAMenu:
            // A reaction that is no digit (a 👍 on a menu) is no pick; a button from another chat or before a restart is.
            if press != nil { await answer(text.menuNotOpen, alert: true) }
        }
    }
}

extension OptionMenu.Purpose {
    var isCommand: Bool {
        if case .command = self { return true }
        return false
    }
}
