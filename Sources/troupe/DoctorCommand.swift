import ArgumentParser
import Bridge
import Foundation
import Logging

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the config, files, database, registration, homeserver and providers; one line per check.",
        discussion: "Each line starts with ok, warn, fail or skip. Exits 1 when a check fails. Writes nothing.")

    @OptionGroup var config: ConfigOption

    @Option(name: [.customShort("r"), .customLong("registration")], help: "The registration file the homeserver loads (default: registration.yaml beside the config).")
    var registration: String?

    func run() async throws {
        let loaded: TroupeConfig
        do {
            loaded = try TroupeConfig.load(path: config.path)
        } catch let errors as ConfigErrors {
            for error in errors.errors { print(Doctor.Check(.fail, "config", "\(error)").line) }
            print(Doctor.Check(.skip, "everything else", "skipped: the config must be fixed first").line)
            throw ExitCode(1)
        }
        print(Doctor.Check(.ok, "config", "\(config.path) is valid").line)
        var logger = Logger(label: "troupe.doctor")
        logger.logLevel = .critical
        let registrationPath = registration
            ?? URL(fileURLWithPath: config.path).deletingLastPathComponent().appendingPathComponent("registration.yaml").path
        let checks = await Doctor(config: loaded, context: .init(configPath: config.path, registrationPath: registrationPath), logger: logger).run()
        for check in checks { print(check.line) }
        if checks.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }
}
