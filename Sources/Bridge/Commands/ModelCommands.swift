import Agents

/// `!model` and `!provider`: the model and the provider an agent uses in this chat, from its next turn on. Each
/// provider keeps its own session here, so switching back picks up where that provider left off.
enum ModelCommands {
    static func specs(runtime: AgentRuntime) -> [CommandSpec] {
        [
            CommandSpec("model", section: "Conversation", arguments: "[NAME|default]",
                        summary: "show or change the model (without a name: a picker of the provider's models)") { context in
                try await model(context, runtime: runtime)
            },
            CommandSpec("provider", section: "Conversation", arguments: "[NAME|default]",
                        summary: "show or change the provider (without a name: a picker)") { context in
                try await provider(context, runtime: runtime)
            },
        ]
    }

    static func model(_ context: CommandContext, runtime: AgentRuntime) async throws -> CommandReply {
        let chat = ChatKey(context.chat)
        guard let status = await runtime.status(agent: context.agent, chat: chat) else {
            return CommandReply(context.text.noAgentNamed(context.agent))
        }
        guard let choice = context.arguments.first else {
            var names = await runtime.models.models(provider: status.provider).models
            if let current = status.model, !names.contains(current) { names.insert(current, at: 0) }
            let menu = OptionMenu(title: context.text.modelMenu(agent: context.agent, current: status.model ?? "default"),
                                  options: (["default"] + names).map { OptionMenu.Option($0) }, purpose: .command("model"), owner: context.sender)
            return CommandReply("", menu: menu)
        }
        guard context.arguments.count == 1 else { throw CommandUsageError() }
        let model = choice.lowercased() == "default" ? nil : choice
        try await runtime.setModel(model, agent: context.agent, chat: chat)
        return CommandReply(model.map { context.text.modelNow(agent: context.agent, model: $0) } ?? context.text.modelDefault(agent: context.agent))
    }

    static func provider(_ context: CommandContext, runtime: AgentRuntime) async throws -> CommandReply {
        let chat = ChatKey(context.chat)
        guard let status = await runtime.status(agent: context.agent, chat: chat), let definition = await runtime.agents()[context.agent] else {
            return CommandReply(context.text.noAgentNamed(context.agent))
        }
        let configured = runtime.configuration.resolvedProviders.keys.sorted()
        let admin = context.level >= .admin
        guard let choice = context.arguments.first else {
            // Only what the asker may pick: admins any provider, others the agent's own and its allowed_providers.
            let choices = configured.filter { admin || definition.allowsProvider($0) }
            let menu = OptionMenu(title: context.text.providerMenu(agent: context.agent, current: status.provider),
                                  options: (["default"] + choices).map { OptionMenu.Option($0) }, purpose: .command("provider"), owner: context.sender)
            return CommandReply("", menu: menu)
        }
        guard context.arguments.count == 1 else { throw CommandUsageError() }
        let provider = choice.lowercased() == "default" ? nil : choice
        if let provider {
            guard configured.contains(provider) else {
                return CommandReply(context.text.providerUnknown(provider, configured: configured))
            }
            do {
                try await runtime.authorizeProvider(provider, agent: context.agent, admin: admin)
            } catch let error as AgentError {
                return CommandReply(context.text.failure(error))
            }
        }
        try await runtime.setProvider(provider, agent: context.agent, chat: chat)
        let now = provider ?? definition.provider
        var lines = [provider == nil ? context.text.providerDefault(agent: context.agent, provider: now)
                                     : context.text.providerNow(agent: context.agent, provider: now)]
        // A model chosen here names one provider's model: it stays only if the new provider offers it too.
        if let model = status.modelOverride, now != status.provider, !(await runtime.models.models(provider: now).models.contains(model)) {
            try await runtime.setModel(nil, agent: context.agent, chat: chat)
            lines.append(context.text.providerModelCleared(model: model, provider: now))
        }
        if status.busy { lines.append(context.text.providerRunningTurn(old: status.provider, new: now)) }
        return CommandReply(lines.joined(separator: " "))
    }
}
