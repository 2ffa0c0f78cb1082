import ArgumentParser
import Bridge
import Foundation

struct RegistrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration",
        abstract: "(Re)write the homeserver's registration file from the config.")

    @OptionGroup var config: ConfigOption

    @Option(name: [.customShort("o"), .customLong("output")], help: "Where to write it.")
    var output: String = "registration.yaml"

    func run() throws {
        let loaded = try config.load()
        try writePrivateFile(try loaded.registration.yaml(), to: output)
        print("Wrote \(output). Restart the homeserver if the registration changed.")
    }
}
