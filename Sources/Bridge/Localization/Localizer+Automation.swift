/// Typed accessors for `!cron`, `!heartbeat` and `!webhook`.
extension Localizer {
    enum Automated { case jobs, heartbeats, webhooks }

    func automationRefusal(_ what: Automated, adminsOnly: Bool, list: String) -> String {
        let thing = switch what {
        case .jobs: self(.whatJobs)
        case .heartbeats: self(.whatHeartbeats)
        case .webhooks: self(.whatWebhooks)
        }
        return self(adminsOnly ? .refusalAdmins : .refusalUsers, ["what": thing, "command": list])
    }
    var none: String { self(.none) }

    // MARK: !cron
    var jobsUnavailable: String { self(.jobsUnavailable) }
    func cronPromptMissing(example: String) -> String { self(.cronPromptMissing, ["example": example]) }
    var cronPromptEmpty: String { self(.cronPromptEmpty) }
    var jobsNoChat: String { self(.jobsNoChat) }
    func scheduleBroken(_ error: String) -> String { self(.scheduleBroken, ["error": error]) }
    func jobAdded(_ id: String, agent: String, schedule: String, next: String?) -> String {
        self(.jobAdded, ["id": id, "agent": agent, "schedule": schedule, "next": next ?? none])
    }
    var jobsNone: String { self(.jobsNone) }
    func jobsEmpty(example: String) -> String { self(.jobsEmpty, ["command": example]) }
    var jobPaused: String { self(.jobPaused) }
    func jobNext(_ when: String) -> String { self(.jobNext, ["when": when]) }
    var jobDone: String { self(.jobDone) }
    func jobToggleOption(_ id: String, paused: Bool) -> String { self(paused ? .jobResumeOption : .jobPauseOption, ["id": id]) }
    func jobDeleteOption(_ id: String) -> String { self(.jobDeleteOption, ["id": id]) }
    var jobsHeader: String { self(.jobsHeader) }
    func noJob(_ id: String, list: String) -> String { self(.noJob, ["id": id, "command": list]) }
    func jobPausedDone(_ id: String, running: Bool) -> String { self(.jobPausedDone, ["id": id]) + (running ? " " + self(.currentRunGoesOn) : "") }
    func jobResumed(_ id: String, next: String?) -> String { self(.jobResumed, ["id": id, "next": next ?? none]) }
    func jobDeleted(_ id: String, running: Bool) -> String { self(.jobDeleted, ["id": id]) + (running ? " " + self(.currentRunGoesOn) : "") }
    func jobRunNow(_ id: String, started: Bool) -> String { self(started ? .jobRunning : .jobAlreadyRunning, ["id": id]) }

    // MARK: !heartbeat
    var heartbeatsUnavailable: String { self(.heartbeatsUnavailable) }
    var heartbeatsNoChat: String { self(.heartbeatsNoChat) }
    var heartbeatNone: String { self(.heartbeatNone) }
    func heartbeatOff(running: Bool) -> String { self(.heartbeatOff) + (running ? " " + self(.currentCheckGoesOn) : "") }
    func heartbeatHowOften(example: String) -> String { self(.heartbeatHowOften, ["example": example]) }
    func heartbeatOn(_ description: String, agent: String) -> String { self(.heartbeatOn, ["description": description, "agent": agent]) }
    func heartbeatBroken(_ error: String) -> String { self(.heartbeatBroken, ["error": error]) }
    func heartbeatNoneStart(example: String) -> String { self(.heartbeatNoneStart, ["example": example]) }
    func heartbeatStatus(_ description: String, next: String?, last: String?) -> String {
        var parts = [self(.heartbeatStatus, ["description": description])]
        if let next { parts.append(self(.heartbeatNext, ["when": next])) }
        if let last { parts.append(self(.heartbeatLast, ["when": last])) }
        return parts.joined(separator: " ")
    }
    func heartbeatQuiet(_ quiet: String, zone: String) -> String { self(.heartbeatQuiet, ["quiet": quiet, "zone": zone]) }
    func heartbeatChecking(_ prompt: String) -> String { self(.heartbeatChecking, ["prompt": prompt]) }

    // MARK: !webhook
    var webhooksUnavailable: String { self(.webhooksUnavailable) }
    func webhookNameMissing(example: String) -> String { self(.webhookNameMissing, ["example": example]) }
    func webhookNameBad(suggestion: String) -> String { self(.webhookNameBad, ["suggestion": suggestion]) }
    var webhooksNoChat: String { self(.webhooksNoChat) }
    func webhookExists(_ name: String, delete: String) -> String { self(.webhookExists, ["name": name, "command": delete]) }
    func webhookMade(_ name: String, agent: String) -> String { self(.webhookMade, ["name": name, "agent": agent]) }
    func webhookURL(_ url: String) -> String { self(.webhookURL, ["url": url]) }
    func webhookSecret(_ secret: String) -> String { self(.webhookSecret, ["secret": secret]) }
    var webhookHowToSend: String { self(.webhookHowToSend) }
    var webhookListenerOffAdd: String { self(.webhookListenerOffAdd) }
    func webhookSecretWarning(rotate: String) -> String { self(.webhookSecretWarning, ["command": rotate]) }
    var webhooksNone: String { self(.webhooksNone) }
    func webhooksEmpty(example: String) -> String { self(.webhooksEmpty, ["command": example]) }
    var webhookListenerOff: String { self(.webhookListenerOff) }
    var webhooksHeader: String { self(.webhooksHeader) }
    func webhookDeleteOption(_ name: String) -> String { self(.webhookDeleteOption, ["name": name]) }
    func noWebhook(_ name: String, list: String) -> String { self(.noWebhook, ["name": name, "command": list]) }
    func webhookDeleted(_ name: String) -> String { self(.webhookDeleted, ["name": name]) }
    func webhookRotated(_ name: String, secret: String) -> String { self(.webhookRotated, ["name": name, "secret": secret]) }
}
