import MatrixAppService

/// The `metrics:` section: the Prometheus listener (`GET /metrics`), off unless enabled.
public struct MetricsSettings: Sendable, Equatable {
    static let keys: Set<String> = ["enabled", "hostname", "port"]

    public var enabled = false
    public var hostname = "127.0.0.1"
    public var port = 29337

    public init() {}

    /// Reads the section as written, collecting one error per bad key.
    static func parse(_ value: JSONValue?) -> (MetricsSettings, [ConfigError]) {
        var settings = MetricsSettings()
        var reader = SectionReader(prefix: "metrics")
        guard let section = reader.mapping(value, keys: keys, what: "metrics settings, e.g. { enabled: true, port: 29337 }") else {
            return (settings, reader.errors)
        }
        settings.enabled = reader.bool(section, "enabled") ?? false
        settings.hostname = reader.string(section, "hostname") ?? settings.hostname
        if let port = reader.int(section, "port") {
            if (1...65535).contains(port) { settings.port = port } else { reader.fail("port", "must be between 1 and 65535, not \(port)") }
        }
        return (settings, reader.errors)
    }
}
