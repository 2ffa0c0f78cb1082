import Foundation

/// An agent's text with its markers taken out: `<file:…>` files to send after it, and `[button:…]` labels that
/// become a menu. Answers in turns and messages outside turns (run results, queued notices) read them alike.
struct MarkedText {
    var text: String
    var files: [String]
    var buttons: [String]

    init(_ raw: String) {
        let files = FileMarkers.extract(from: raw)
        let buttons = ButtonMarkers.extract(from: files.text)
        text = buttons.text
        self.files = files.paths
        self.buttons = buttons.labels
    }

    /// The buttons as a menu from `agent` for `owner` (nil: anyone); the text is its title, so marking the menu
    /// done keeps the text in place.
    func menu(agent: String, owner: String?, lifetime: TimeInterval) -> OptionMenu? {
        guard !buttons.isEmpty else { return nil }
        var menu = OptionMenu(title: text, options: buttons.map { OptionMenu.Option($0) }, purpose: .agentButtons(agent: agent),
                              owner: owner, lifetime: lifetime)
        menu.poster = agent
        return menu
    }
}

extension ChatSurface {
    /// Posts text with markers outside a turn: its buttons as a menu anyone here may pick from, its files after it.
    /// `key` makes a retried post land once where the messenger can.
    func postMarked(_ raw: String, notice: Bool, key: SendOptions.Key, menus: MenuRegistry, fileRoots: [URL], lifetime: TimeInterval,
                    text localizer: Localizer = Localizer()) async throws {
        let marked = MarkedText(raw)
        var options = SendOptions(notice: notice, key: key)
        var body = marked.text
        if let menu = marked.menu(agent: speaker, owner: nil, lifetime: lifetime) {
            let token = MenuRegistry.newToken()
            await menus.register(menu, token: token, chat: chat)
            options.menu = (token, menu)
            body = text(of: menu, in: localizer)
        }
        if !body.isEmpty { try await post(body, options, menus: menus) }
        await sendFiles(marked.files, roots: fileRoots, text: localizer)
    }

    /// Sends the files an agent named, then one notice listing those that could not go.
    func sendFiles(_ paths: [String], roots: [URL], text: Localizer = Localizer()) async {
        guard !paths.isEmpty else { return }
        let problems = await FileMarkers.send(paths, roots: roots) { try await sendFile($0) }
        guard !problems.isEmpty else { return }
        _ = try? await post(text.filesNotSent + "\n" + problems.map { "- \($0)" }.joined(separator: "\n"), SendOptions(notice: true))
    }
}
