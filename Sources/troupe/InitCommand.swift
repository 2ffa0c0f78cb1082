import ArgumentParser
import Bridge
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new config with fresh secrets, and the registration file for the homeserver.")

    @Option(name: [.customShort("c"), .customLong("config")], help: "Where to write the config.")
    var path: String = "config.yaml"

    @Option(help: "The homeserver's client-server API address.")
    var homeserver: String = "http://127.0.0.1:8008"

    @Option(help: "The homeserver's server name (the part after ':' in user ids).")
    var domain: String = "localhost"

    @Option(name: [.customShort("r"), .customLong("registration")], help: "Where to write the registration (default: registration.yaml beside the config).")
    var registration: String?

    @Flag(help: "Print the commented example config (placeholder secrets) to stdout and write nothing.")
    var example = false

    func run() throws {
        umask(0o077)  // the config, registration and anything else written here are the owner's alone
        if example {
            print(ConfigTemplate.render(.example), terminator: "")
            return
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            printError("\(path) already exists; not overwriting it. Edit it, or run `troupe registration -c \(path)` to rewrite the registration.")
            throw ExitCode(1)
        }
        let text = ConfigTemplate.render(.generated(homeserver: homeserver, domain: domain))
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        // Validate what we are about to write, so a bad --homeserver or --domain fails here, not at `run`.
        let config: TroupeConfig
        do {
            config = try TroupeConfig.parse(yaml: text, directory: directory)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        try writePrivateFile(text, to: path)
        let registrationPath = registration ?? URL(fileURLWithPath: directory).appendingPathComponent("registration.yaml").path
        try writePrivateFile(try config.registration.yaml(), to: registrationPath)
        print("""
            Wrote \(path) and \(registrationPath).
            Next: add \(registrationPath) to app_service_config_files in the homeserver's config, restart it,
            set permissions in \(path), then run `troupe run -c \(path)`.
            """)
    }
}
