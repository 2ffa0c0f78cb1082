import ArgumentParser
import Bridge
import Logging

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the homeserver, the registration, the database and the providers; one line per check.")

    @OptionGroup var config: ConfigOption

    func run() async throws {
        let loaded = try config.load()
        print("ok    config: \(config.path)")
        var logger = Logger(label: "troupe.doctor")
        logger.logLevel = .critical
        let checks = await Doctor(config: loaded, logger: logger).run()
        for check in checks {
            print("\(check.ok ? "ok  " : "FAIL")  \(check.name): \(check.detail)")
        }
        if checks.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
