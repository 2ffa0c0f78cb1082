/// Which message shows each open menu, by the menu's token. Menus are registered before their
/// message is sent (so a quick tap never finds them missing); the message id joins once it is known,
/// and a typed number uses it to mark the menu done.
actor TelegramMenuMessages {
    private var messages: [String: Int64] = [:]

    func set(_ messageID: Int64, token: String) { messages[token] = messageID }
    func message(token: String) -> Int64? { messages[token] }
}
