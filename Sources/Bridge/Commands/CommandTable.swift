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
            return CommandReply("Unknown command `\(context.prefix)\(command.name)`, try `\(context.prefix)help`.")
        }
        guard context.level >= spec.level else {
            return CommandReply("Sorry, `\(context.prefix)\(spec.name)` needs the \(spec.level.rawValue) permission level; you have \(context.level.rawValue).")
        }
        if spec.name == "help" { return CommandReply(help(level: context.level, prefix: context.prefix)) }
        var context = context
        context.arguments = command.arguments
        context.rest = command.rest
        do {
            return try await spec.run(context)
        } catch let error as CommandUsageError {
            let detail = error.detail.map { "\($0)\n" } ?? ""
            return CommandReply("\(detail)**Usage:** `\(spec.usage(prefix: context.prefix))`")
        } catch {
            return CommandReply("`\(context.prefix)\(spec.name)` failed: \(error)")
        }
    }

    /// `!help`: sections in order, each listing the commands the asker may run.
    public func help(level: PermissionLevel, prefix: String) -> String {
        var lines: [String] = []
        for section in sections {
            let visible = specs.filter { $0.section == section && $0.level <= level }
            guard !visible.isEmpty else { continue }
            lines.append("**\(section)**")
            for spec in visible {
                let admin = spec.level == .admin ? " _(admin)_" : ""
                lines.append("- `\(spec.usage(prefix: prefix))` — \(spec.summary)\(admin)")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
