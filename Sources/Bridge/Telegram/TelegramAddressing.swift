/// Whether a group message is for this bot, and the message without the bot's name in it.
struct TelegramAddressing {
    let botUsername: String?
    let botID: Int64

    enum Command: Equatable {
        /// A command for this bot (or for every bot: `/help` without a name).
        case ours
        /// `/help@otherbot`: another bot's command; this bot stays silent.
        case otherBot
    }

    /// Nil if the text is no slash command.
    func command(in text: String) -> Command? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("/") else { return nil }
        let head = trimmed.prefix(while: { !$0.isWhitespace })
        guard let at = head.firstIndex(of: "@") else { return .ours }
        let target = head[head.index(after: at)...]
        return botUsername.map { target.lowercased() == $0.lowercased() } == true ? .ours : .otherBot
    }

    /// A `mention` entity naming the bot, or a `text_mention` of it (for bots without a username).
    func mentions(_ text: String, entities: [TelegramMessageEntity]) -> Bool {
        let units = Array(text.utf16)
        for entity in entities {
            if entity.type == "text_mention", entity.user?.id == botID { return true }
            guard entity.type == "mention", let botUsername, entity.offset >= 0, entity.offset + entity.length <= units.count else { continue }
            let mention = String(decoding: units[entity.offset..<(entity.offset + entity.length)], as: UTF16.self)
            if mention.lowercased() == "@" + botUsername.lowercased() { return true }
        }
        return false
    }

    /// "@troupebot what now?" → "what now?"; "/help@troupebot" → "/help".
    func withoutMention(_ text: String) -> String {
        guard let botUsername else { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let name = "@" + botUsername
        var result = text
        while let range = result.range(of: name, options: .caseInsensitive) {
            result.removeSubrange(range)
        }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
