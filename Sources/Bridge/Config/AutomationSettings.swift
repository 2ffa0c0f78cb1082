import Agents
import Foundation
import MatrixAppService

/// The `automation:` section: the time zone and grace period of scheduled jobs, who may make jobs, heartbeats and
/// webhooks, and the webhook listener.
public struct AutomationSettings: Sendable, Equatable {
    static let keys: Set<String> = ["timezone", "grace_seconds", "permission", "webhooks"]

    /// For schedules without their own `tz=`; the system's zone unless set.
    public var timezone = TimeZone.current
    /// How late a run missed while Troupe was down may still be made up for (once).
    public var grace: TimeInterval = 600
    /// The level needed to make, change or delete jobs, heartbeats and webhooks; listing needs `user`.
    public var permission = PermissionLevel.admin
    public var webhooks = Webhooks()

    /// The listener for `POST /hooks/<name>`, off unless enabled.
    public struct Webhooks: Sendable, Equatable {
        static let keys: Set<String> = ["enabled", "hostname", "port", "public_url", "max_body_bytes", "per_minute"]

        public var enabled = false
        public var hostname = "127.0.0.1"
        public var port = 29336
        /// What people outside reach the listener as (a reverse proxy's address); `!webhook add` prints
        /// `<public_url>/hooks/<name>`. Defaults to `http://<hostname>:<port>`.
        public var publicURL: String?
        /// Bigger payloads get 413 and reach no agent.
        public var maxBodyBytes = 1_048_576
        /// Deliveries per hook per minute; more get 429.
        public var perMinute = 30

        public var url: String {
            publicURL ?? "http://" + (hostname.contains(":") ? "[\(hostname)]" : hostname) + ":\(port)"
        }
    }

    public init() {}

    /// Reads the section as written, collecting one error per bad key.
    static func parse(_ value: JSONValue?) -> (AutomationSettings, [ConfigError]) {
        var settings = AutomationSettings()
        var reader = SectionReader(prefix: "automation")
        guard let section = reader.mapping(value, keys: keys, what: "automation settings") else { return (settings, reader.errors) }
        if let name = reader.string(section, "timezone") {
            if let zone = TimeZone(identifier: name) {
                settings.timezone = zone
            } else {
                reader.fail("timezone", "unknown time zone \"\(name)\"; use an IANA name such as Europe/Berlin or UTC")
            }
        }
        if let seconds = reader.int(section, "grace_seconds") {
            if seconds < 0 { reader.fail("grace_seconds", "must not be negative") } else { settings.grace = TimeInterval(seconds) }
        }
        if let level = reader.string(section, "permission") {
            if let parsed = PermissionLevel(rawValue: level.lowercased()), parsed != .none {
                settings.permission = parsed
            } else {
                reader.fail("permission", "unknown level \"\(level)\" (use user or admin)")
            }
        }
        var hooks = SectionReader(prefix: "automation.webhooks")
        if let webhooks = hooks.mapping(section["webhooks"], keys: Webhooks.keys, what: "webhook settings") {
            settings.webhooks.enabled = hooks.bool(webhooks, "enabled") ?? false
            settings.webhooks.hostname = hooks.string(webhooks, "hostname") ?? settings.webhooks.hostname
            if let port = hooks.int(webhooks, "port") {
                if (1...65535).contains(port) { settings.webhooks.port = port } else { hooks.fail("port", "must be between 1 and 65535, not \(port)") }
            }
            if let url = hooks.string(webhooks, "public_url") {
                if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil {
                    settings.webhooks.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
                } else {
                    hooks.fail("public_url", "must be an http:// or https:// URL, not \"\(url)\"")
                }
            }
            if let bytes = hooks.int(webhooks, "max_body_bytes") {
                if bytes < 1024 { hooks.fail("max_body_bytes", "must be at least 1024") } else { settings.webhooks.maxBodyBytes = bytes }
            }
            if let count = hooks.int(webhooks, "per_minute") {
                if count < 1 { hooks.fail("per_minute", "must be at least 1") } else { settings.webhooks.perMinute = count }
            }
        }
        return (settings, reader.errors + hooks.errors)
    }
}
