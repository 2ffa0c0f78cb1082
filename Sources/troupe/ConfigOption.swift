import ArgumentParser
import Bridge
import Foundation

struct ConfigOption: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("config")], help: "Path to the config file.")
    var path: String = "config.yaml"

    /// Loads the config or exits with every problem listed, each naming its key.
    func load() throws -> TroupeConfig {
        do {
            return try TroupeConfig.load(path: path)
        } catch let errors as ConfigErrors {
            printError("\(path): \(errors)")
            throw ExitCode(2)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes a file readable by its owner only: configs and registrations hold the appservice tokens.
func writePrivateFile(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let created = FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    guard created else { throw ValidationError("cannot write \(path)") }
    // createFile keeps an existing file's mode; make sure it is private either way.
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
}
