import Foundation

/// What `!cron`, `!heartbeat` and `!webhook` work with, the same on every transport.
public struct AutomationServices: Sendable {
    let jobs: JobStore
    let scheduler: JobScheduler
    let settings: AutomationSettings
    let now: @Sendable () -> Date
    /// Nil: `!webhook` says webhooks are not available here.
    let webhooks: WebhookStore?

    public init(jobs: JobStore, scheduler: JobScheduler, settings: AutomationSettings, now: @escaping @Sendable () -> Date = { Date() },
                webhooks: WebhookStore? = nil) {
        self.jobs = jobs
        self.scheduler = scheduler
        self.settings = settings
        self.now = now
        self.webhooks = webhooks
    }

    /// For schedules without their own `tz=`.
    var zone: TimeZone { settings.timezone }

    /// Whether `level` may make, change and delete jobs, heartbeats and webhooks (listing needs only `user`).
    func mayChange(_ level: PermissionLevel) -> Bool { level >= settings.permission }

    /// The answer to someone who may not: `what` are the things they tried to change, `list` the command that shows them.
    func refusal(_ what: Localizer.Automated, list: String, text: Localizer) -> String {
        text.automationRefusal(what, adminsOnly: settings.permission == .admin, list: list)
    }
}
