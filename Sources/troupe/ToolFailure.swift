import ArgumentParser
import Foundation

/// How the agent-side subcommands fail: one line on stderr naming the command, exit status 1.
enum ToolFailure {
    static func exit(_ command: String, _ error: any Error) -> ExitCode {
        let text = "\(error)"
        FileHandle.standardError.write(Data(((text.hasPrefix(command) ? "" : "\(command): ") + text + "\n").utf8))
        return ExitCode(1)
    }
}
