import Agents
import Foundation

/// `!session` and `!sessions`: named side conversations, each with its own context, next to the chat's main one.
enum SessionCommands {
    static func specs(host: any CommandHost, store: (any NamedSessionStore)?) -> [CommandSpec] {
        [
            CommandSpec("session", section: "Conversation", arguments: "[@AGENT|@PROVIDER] PROMPT",
                        summary: "start a named side session with its own context; continue it with @NAME TEXT") { context in
                guard let store else { return CommandReply(context.text.sessionsUnavailable) }
                return try await start(context, host: host, store: store)
            },
            CommandSpec("sessions", section: "Conversation", arguments: "[end NAME|all]",
                        summary: "list this chat's named sessions, or end them") { context in
                guard let store else { return CommandReply(context.text.sessionsUnavailable) }
                return try await manage(context, host: host, store: store)
            },
        ]
    }

    private static func start(_ context: CommandContext, host: any CommandHost, store: any NamedSessionStore) async throws -> CommandReply {
        var prompt = context.rest.trimmingCharacters(in: .whitespacesAndNewlines)
        var agent = context.agent
        var provider: String?
        let agents = await host.runtime.agents()
        if prompt.hasPrefix("@") {
            let target = String(prompt.dropFirst().prefix { !$0.isWhitespace }).lowercased()
            prompt = String(prompt.dropFirst(target.count + 1)).trimmingCharacters(in: .whitespacesAndNewlines)
            if agents[target] != nil {
                agent = target
            } else if host.runtime.configuration.resolvedProviders[target] != nil {
                do {
                    try await host.runtime.authorizeProvider(target, agent: agent, admin: context.level >= .admin)
                } catch let error as AgentError {
                    throw CommandUsageError(context.text.failure(error))
                }
                provider = target
            } else {
                throw CommandUsageError(context.text.noAgentOrProvider(target))
            }
        }
        guard !prompt.isEmpty else { throw CommandUsageError(context.text.sessionNeedsPrompt) }
        var existing = try await store.sessions(in: context.chat)
        // Bounded per chat: the oldest goes, with what the runtime kept for it.
        var ended: [String] = []
        while existing.count >= NamedSession.maxPerChat {
            let oldest = existing.removeFirst()
            try await end(oldest, host: host, store: store)
            ended.append(oldest.name)
        }
        let taken = Set(existing.map(\.name))
        let name = SessionNamer.name(for: prompt, taken: taken, reserved: Set(agents.keys))
        let session = NamedSession(chat: context.chat, name: name, agent: agent, createdAt: Date())
        try await store.create(session)
        if let provider {
            do {
                try await host.runtime.setProvider(provider, agent: agent, chat: ChatKey(session.runtimeChat))
            } catch {
                _ = try? await store.end(in: context.chat, named: name)
                throw error
            }
        }
        let with = provider.map { context.text.sessionWith(agent: agent, provider: $0) } ?? agent
        let endedNote = ended.isEmpty ? "" : " " + context.text.sessionsDropped(max: NamedSession.maxPerChat, names: ended.joined(separator: ", "))
        return CommandReply(
            context.text.sessionStarted(name, with: with, end: "\(context.prefix)sessions end \(name)") + endedNote,
            turn: SideTurn(agent: agent, chat: session.runtimeChat, text: prompt, label: name))
    }

    /// Ends a session and drops what the runtime kept for its chat (sessions, totals, history).
    private static func end(_ session: NamedSession, host: any CommandHost, store: any NamedSessionStore) async throws {
        try await store.end(in: session.chat, named: session.name)
        try await host.runtime.forget(chat: ChatKey(session.runtimeChat))
    }

    private static func manage(_ context: CommandContext, host: any CommandHost, store: any NamedSessionStore) async throws -> CommandReply {
        // A menu pick arrives as one argument ("end NAME"); typed, it is two.
        let words = context.arguments.flatMap { $0.split(separator: " ").map(String.init) }
        let sessions = try await store.sessions(in: context.chat)
        switch words.first?.lowercased() {
        case nil:
            guard !sessions.isEmpty else {
                return CommandReply(context.text.sessionsNone(start: "\(context.prefix)session PROMPT"))
            }
            let lines = sessions.map { context.text.sessionLine($0.name, agent: $0.agent, age: context.text.age(since: $0.createdAt)) }
            let menu = OptionMenu(title: context.text.sessionsMenu,
                                  options: sessions.map { OptionMenu.Option(context.text.sessionEndOption($0.name), value: "end \($0.name)") },
                                  purpose: .command("sessions"), owner: context.sender)
            return CommandReply(context.text.sessionsList + "\n" + lines.joined(separator: "\n"), menu: menu)
        case "end":
            guard words.count == 2 else { throw CommandUsageError() }
            if words[1].lowercased() == "all" {
                for session in sessions { try await end(session, host: host, store: store) }
                return CommandReply(sessions.isEmpty ? context.text.sessionsNoneShort : context.text.sessionsEnded(sessions.count))
            }
            let name = words[1].hasPrefix("@") ? String(words[1].dropFirst()) : words[1]
            guard let session = sessions.first(where: { $0.name == name.lowercased() }) else {
                return CommandReply(context.text.noSessionNamed(name))
            }
            try await end(session, host: host, store: store)
            return CommandReply(context.text.sessionEnded(name.lowercased()))
        default:
            throw CommandUsageError()
        }
    }
}
