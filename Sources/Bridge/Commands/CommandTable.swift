import Foundation

/// Looks commands up, checks permission, runs them, and turns every failure into a clear answer.
public struct CommandTable: Sendable {
    public let specs: [CommandSpec]
    private let byName: [String: CommandSpec]
    /// Section order in `!help`.
    public let sections: [String]

    public init(_ specs: [CommandSpec], sections: [String]) {
        self.specs = specs
        var byName: [String: CommandSpec] = [:]
        for spec in specs {
            byName[spec.name] = spec
            for alias in spec.aliases { byName[alias] = spec }
        }
        self.byName = byName
        self.sections = sections
    }

    public func spec(named name: String) -> CommandSpec? { byName[name.lowercased()] }

    public func execute(_ command: ChatCommand, context: CommandContext) async -> CommandReply {
        guard let spec = spec(named: command.name) else {
            return CommandReply(context.text.unknownCommand(context.prefix + command.name, help: context.prefix + "help"))
        }
        guard context.level >= spec.level else {
            return CommandReply(context.text.permissionNeeded(context.prefix + spec.name, needed: spec.level, have: context.level))
        }
        if spec.name == "help" { return CommandReply(help(level: context.level, prefix: context.prefix, text: context.text)) }
        var context = context
        context.arguments = command.arguments
        context.rest = command.rest
        do {
            return try await spec.run(context)
        } catch let error as CommandUsageError {
            let detail = error.detail.map { "\($0)\n" } ?? ""
            return CommandReply(detail + context.text.usage(spec.usage(prefix: context.prefix)))
        } catch {
            return CommandReply(context.text.commandFailed(context.prefix + spec.name, error: context.text.error(error)))
        }
    }

    /// `!help`: sections in order, each listing the commands the asker may run.
    public func help(level: PermissionLevel, prefix: String, text: Localizer = Localizer()) -> String {
        var lines: [String] = []
        for section in sections {
            let visible = specs.filter { $0.section == section && $0.level <= level }
            guard !visible.isEmpty else { continue }
            lines.append("**\(text.section(section))**")
            for spec in visible {
                let admin = spec.level == .admin ? " " + text.adminOnly : ""
                lines.append("- `\(spec.usage(prefix: prefix))` — \(text.summary(of: spec))\(admin)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
