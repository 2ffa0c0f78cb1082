import Agents
import Foundation

/// `!webhook`: URLs that start an agent turn when something (GitHub, CI, a monitor) POSTs a signed payload to them;
/// the answer goes to the chat the hook was made in.
public enum WebhookCommands {
    static func spec(automation: AutomationServices?, runtime: AgentRuntime) -> CommandSpec {
        CommandSpec("webhook", section: "Automation", arguments: "[add NAME [@AGENT] [-- TEMPLATE] | list | delete|rotate NAME]",
                    summary: "URLs that ask an agent when a signed payload is POSTed; `{{payload}}` and `{{header.X}}` in the template") { context in
            guard let services = automation, let store = services.webhooks else { return CommandReply(context.text.webhooksUnavailable) }
            let words = context.rest.split(whereSeparator: \.isWhitespace).map(String.init)
            let action = words.first?.lowercased() ?? "list"
            if action != "list", !services.mayChange(context.level) {
                return CommandReply(services.refusal(.webhooks, list: "\(context.prefix)webhook list", text: context.text))
            }
            switch action {
            case "add": return try await add(context, services: services, store: store, runtime: runtime)
            case "list": return try await list(context, services: services, store: store)
            case "delete", "rotate":
                guard words.count == 2 else { throw CommandUsageError() }
                return try await change(action, name: words[1], context: context, store: store)
            default: throw CommandUsageError()
            }
        }
    }

    private static func add(_ context: CommandContext, services: AutomationServices, store: any WebhookStore,
                            runtime: AgentRuntime) async throws -> CommandReply {
        let arguments = try await AutomationArguments(context.rest.trimmingCharacters(in: .whitespaces).dropFirst("add".count),
                                                      chatAgent: context.agent, runtime: runtime, text: context.text)
        let head = arguments.head.split(separator: " ").map(String.init)
        let template = arguments.prompt ?? ""
        guard let name = head.first, head.count == 1 else {
            throw CommandUsageError(context.text.webhookNameMissing(example: "\(context.prefix)webhook add github -- Build says {{payload}}"))
        }
        guard Webhook.isValidName(name) else {
            throw CommandUsageError(context.text.webhookNameBad(
                suggestion: String(name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.prefix(64))))
        }
        let agent = arguments.agent
        guard let chat = ChatAddress(stored: context.chat) else { return CommandReply(context.text.webhooksNoChat) }
        let hook = Webhook(name: name, agent: agent, chat: chat, secret: Webhook.newSecret(), template: template.isEmpty ? nil : template,
                           createdBy: context.sender, createdAt: services.now())
        guard try await store.add(hook) else {
            return CommandReply(context.text.webhookExists(name, delete: "\(context.prefix)webhook delete \(name)"))
        }
        let settings = services.settings.webhooks
        var lines = [
            context.text.webhookMade(name, agent: agent),
            context.text.webhookURL(hook.url(settings)),
            context.text.webhookSecret(hook.secret),
            context.text.webhookHowToSend,
        ]
        if !settings.enabled {
            lines.append(context.text.webhookListenerOffAdd)
        }
        lines.append(context.text.webhookSecretWarning(rotate: "\(context.prefix)webhook rotate \(name)"))
        return CommandReply(lines.joined(separator: "\n"))
    }

    private static func list(_ context: CommandContext, services: AutomationServices, store: any WebhookStore) async throws -> CommandReply {
        guard let chat = ChatAddress(stored: context.chat) else { return CommandReply(context.text.webhooksNone) }
        let hooks = try await store.hooks(in: chat)
        guard !hooks.isEmpty else {
            return CommandReply(context.text.webhooksEmpty(example: "\(context.prefix)webhook add NAME -- TEMPLATE"))
        }
        let settings = services.settings.webhooks
        var lines = hooks.map { "- `\($0.name)` → \($0.agent): `\($0.url(settings))`" }
        if !settings.enabled { lines.append(context.text.webhookListenerOff) }
        let text = context.text.webhooksHeader + "\n" + lines.joined(separator: "\n")
        guard services.mayChange(context.level) else { return CommandReply(text) }
        let options = hooks.map { OptionMenu.Option(context.text.webhookDeleteOption($0.name), value: "delete \($0.name)") }
        return CommandReply(text, menu: OptionMenu(title: "", options: options, purpose: .command("webhook"), owner: context.sender))
    }

    private static func change(_ action: String, name: String, context: CommandContext, store: any WebhookStore) async throws -> CommandReply {
        guard let hook = try await store.hook(name.lowercased()), hook.chat == ChatAddress(stored: context.chat) || context.level >= .admin else {
            return CommandReply(context.text.noWebhook(name, list: "\(context.prefix)webhook list"))
        }
        if action == "delete" {
            try await store.delete(hook.name)
            return CommandReply(context.text.webhookDeleted(hook.name))
        }
        let secret = Webhook.newSecret()
        try await store.setSecret(hook.name, secret)
        return CommandReply(context.text.webhookRotated(hook.name, secret: secret))
    }
}
