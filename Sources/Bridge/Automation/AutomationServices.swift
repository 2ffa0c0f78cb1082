import Foundation

/// What `!cron`, `!heartbeat` and `!webhook` work with, the same on every transport.
public struct AutomationServices: Sendable {
    let jobs: any JobStore
    let scheduler: JobScheduler
    /// As in force now: a reload changes the zone, the grace period and who may change jobs.
    let liveSettings: Live<AutomationSettings>
    var settings: AutomationSettings { liveSettings.value }
    let now: @Sendable () -> Date
    /// Nil: `!webhook` says webhooks are not available here.
    let webhooks: (any WebhookStore)?

    public init(jobs: any JobStore, scheduler: JobScheduler, settings: Live<AutomationSettings>, now: @escaping @Sendable () -> Date = { Date() },
                webhooks: (any WebhookStore)? = nil) {
        self.jobs = jobs
        self.scheduler = scheduler
        self.liveSettings = settings
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
