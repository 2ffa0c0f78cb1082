import ArgumentParser
import Bridge
import CoreMetrics
import Foundation
import Logging
import Prometheus

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the appservice until SIGINT or SIGTERM.")

    @OptionGroup var config: ConfigOption

    func run() async throws {
        let loaded = try config.load()
        let level = ProcessInfo.processInfo.environment["TROUPE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? loaded.logLevel
        LoggingSystem.bootstrap { [format = loaded.logFormat] label in
            // Each module's loggers (`troupe.matrix`, …) at its `logging.levels` entry, the rest at the default.
            let labelLevel = loaded.logLevel(forLabel: label, default: level)
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = labelLevel
                return handler
            case .pretty:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = labelLevel
                return handler
            }
        }
        // Only when enabled: otherwise every metric stays swift-metrics' no-op and costs next to nothing.
        let registry = loaded.metrics.enabled ? PrometheusCollectorRegistry() : nil
        if let registry { MetricsSystem.bootstrap(PrometheusMetricsFactory.troupe(registry: registry)) }
        let logger = Logger(label: "troupe")
        let hold = ProcessInfo.processInfo.environment["TROUPE_DEBUG_HOLD_INBOX"] == "1"
        do {
            try await TroupeServer(config: loaded, logger: logger, holdInbox: hold, metricsRegistry: registry, configPath: config.path).run()
        } catch {
            logger.critical("troupe stopped with an error: \(error)")
            throw ExitCode(1)
        }
    }
}
