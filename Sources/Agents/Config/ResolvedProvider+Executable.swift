import Foundation

extension ResolvedProvider {
    /// The command of a CLI provider whose executable a turn would not find (looked up as `CLIProvider` does: the
    /// provider's own `PATH` if its `env` sets one, else `path`), or nil when it is there or the provider speaks HTTP.
    /// Lets a transport say up front that an agent cannot answer yet, instead of at the first message.
    public func missingCommand(path: String?, relativeTo directory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard let defaultCommand = kind.defaultCommand else { return nil }
        let command = settings.command ?? defaultCommand
        return ExecutableLocator.locate(command, path: settings.env["PATH"] ?? path, relativeTo: directory) == nil ? command : nil
    }
}
