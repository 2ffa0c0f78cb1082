/// `!language [xx|default]`: the language Troupe writes its own texts in, in this chat.
enum LanguageCommand {
    static let spec = CommandSpec("language", section: "Other", arguments: "[CODE|default]",
                                  summary: "show or change the language Troupe answers in here") { context in
        guard let languages = context.languages, let chat = ChatAddress(stored: context.chat) else {
            return CommandReply(context.text.languageNoChat)
        }
        let command = context.prefix + "language"
        guard let choice = context.arguments.first else {
            let own = await languages.override(for: chat)
            let fallback = await languages.fallback
            let current = own ?? fallback
            let line = own == nil ? context.text.languageDefault(current, command: command) : context.text.languageOwn(current, command: command)
            return CommandReply(line + "\n" + context.text.languageAvailable())
        }
        guard context.arguments.count == 1 else { throw CommandUsageError() }
        if choice.lowercased() == "default" {
            try await languages.set(nil, for: chat)
            let language = await languages.fallback
            return CommandReply(Localizer(language).languageReset(language))
        }
        guard let language = Language(code: choice) else { return CommandReply(context.text.languageUnknown(choice)) }
        try await languages.set(language, for: chat)
        // Said in the new language: the first sign that it took.
        return CommandReply(Localizer(language).languageSet(language))
    }
}
