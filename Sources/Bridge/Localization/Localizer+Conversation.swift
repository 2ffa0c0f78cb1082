import Foundation

/// Typed accessors for menus, answers, the welcome, run notices, sessions and runs.
extension Localizer {
    // MARK: Menus, answers, welcome, run notices
    var menuHint: String { self(.menuHint) }
    func menuPage(_ page: Int, of pages: Int) -> String { self(.menuPage, ["page": String(page), "pages": String(pages)]) }
    var menuChoose: String { self(.menuChoose) }
    func menuPageShort(_ page: Int, of pages: Int) -> String { self(.menuPageShort, ["page": String(page), "pages": String(pages)]) }
    func usingTool(_ tool: String) -> String { self(.usingTool, ["tool": tool]) }
    var noAnswer: String { self(.noAnswer) }
    func welcomeIntro(name: String, agent: String, provider: String, model: String?) -> String {
        let arguments = ["name": name, "agent": agent, "provider": provider]
        return model.map { self(.welcomeIntroModel, arguments.merging(["model": $0]) { $1 }) } ?? self(.welcomeIntro, arguments)
    }
    func welcomeBody(prefix: String, user: String) -> String { self(.welcomeBody, ["prefix": prefix, "user": user]) }
    func welcomeMissingTool(command: String) -> String { self(.welcomeMissingTool, ["command": command]) }
    func welcomeInstallTool(tool: String, install: String) -> String { self(.welcomeInstallTool, ["tool": tool, "install": install]) }
    func welcomeSetCommand(provider: String, file: String) -> String { self(.welcomeSetCommand, ["provider": provider, "file": file]) }
    func welcomeServerOption(kind: String) -> String { self(.welcomeServerOption, ["kind": kind]) }
    func welcomeSwitchProvider(agent: String, options: String) -> String { self(.welcomeSwitchProvider, ["agent": agent, "options": options]) }
    func welcomeApplies(doc: String) -> String { self(.welcomeApplies, ["doc": doc]) }
    var theConfigFile: String { self(.theConfigFile) }
    func runNotice(run: String, agent: String, task: String, from link: String?) -> String {
        let arguments = ["run": run, "agent": agent, "task": task]
        return link.map { self(.runNoticeFrom, arguments.merging(["link": $0]) { $1 }) } ?? self(.runNotice, arguments)
    }
    func runQuestion(run: String, agent: String, question: String, command: String) -> String {
        self(.runQuestion, ["run": run, "agent": agent, "question": question, "command": command])
    }

    // MARK: Sessions
    var sessionsUnavailable: String { self(.sessionsUnavailable) }
    func noAgentOrProvider(_ target: String) -> String { self(.noAgentOrProvider, ["target": target]) }
    var sessionNeedsPrompt: String { self(.sessionNeedsPrompt) }
    func sessionStarted(_ name: String, with: String, end: String) -> String { self(.sessionStarted, ["name": name, "with": with, "command": end]) }
    func sessionWith(agent: String, provider: String) -> String { self(.sessionWithProvider, ["agent": agent, "provider": provider]) }
    func sessionsDropped(max: Int, names: String) -> String { self(.sessionsDropped, ["max": String(max), "names": names]) }
    func sessionsNone(start: String) -> String { self(.sessionsNone, ["command": start]) }
    var sessionsList: String { self(.sessionsList) }
    func sessionLine(_ name: String, agent: String, age: String) -> String { self(.sessionLine, ["name": name, "agent": agent, "age": age]) }
    var sessionsMenu: String { self(.sessionsMenu) }
    func sessionEndOption(_ name: String) -> String { self(.sessionEndOption, ["name": name]) }
    var sessionsNoneShort: String { self(.sessionsNoneShort) }
    func sessionsEnded(_ count: Int) -> String { self(.sessionsEndedCount, count: count) }
    func noSessionNamed(_ name: String) -> String { self(.noSessionNamed, ["name": name]) }
    func sessionEnded(_ name: String) -> String { self(.sessionEnded, ["name": name]) }

    /// How long ago, roughly: `just now`, `5 min`, `3 h`, `2 days`.
    func age(since date: Date, now: Date = Date(), seconds: Bool = false) -> String {
        let elapsed = max(0, Int(now.timeIntervalSince(date)))
        if elapsed < 60 { return seconds ? self(.ageSeconds, count: elapsed) : self(.ageJustNow) }
        if elapsed < 3600 { return self(.ageMinutes, count: elapsed / 60) }
        if elapsed < 48 * 3600 { return self(.ageHours, count: elapsed / 3600) }
        return self(.ageDays, count: elapsed / 86400)
    }

    // MARK: Runs and tasks
    var runsUnavailable: String { self(.runsUnavailable) }
    var tasksUnavailable: String { self(.tasksUnavailable) }
    func noRunHere(_ run: String, list: String) -> String { self(.noRunHere, ["run": run, "command": list]) }
    var runsNone: String { self(.runsNone) }
    var runsNoneHere: String { self(.runsNoneHere) }
    func runKillOption(_ run: String) -> String { self(.runKillOption, ["run": run]) }
    func runInfoOption(_ run: String) -> String { self(.runInfoOption, ["run": run]) }
    var runsHeader: String { self(.runsHeader) }
    var runsHeaderHere: String { self(.runsHeaderHere) }
    var runsNoneUnfinished: String { self(.runsNoneUnfinished) }
    func runsKilled(_ count: Int) -> String { self(.runsKilled, count: count) }
    func runAlreadyEnded(_ run: String, state: String) -> String { self(.runAlreadyEnded, ["run": run, "state": state]) }
    func runKilled(_ run: String, below: Int) -> String {
        below > 0 ? self(.runKilledWithBelow, ["run": run], count: below) : self(.runKilled, ["run": run])
    }
    func runSteerFailed(_ run: String, error: String) -> String { self(.runSteerFailed, ["run": run, "error": error]) }
    func runSteered(_ run: String) -> String { self(.runSteered, ["run": run]) }
    var tasksNone: String { self(.tasksNone) }
    func taskWaiting(run: String, agent: String, question: String, command: String) -> String {
        self(.taskWaiting, ["run": run, "agent": agent, "question": question, "command": command])
    }
    func taskCancelOption(_ run: String) -> String { self(.taskCancelOption, ["run": run]) }
    var tasksHeader: String { self(.tasksHeader) }
    func taskAlreadyEnded(_ run: String, state: String) -> String { self(.taskAlreadyEnded, ["run": run, "state": state]) }
    func taskCancelled(_ run: String) -> String { self(.taskCancelled, ["run": run]) }
    func taskNotWaiting(_ run: String) -> String { self(.taskNotWaiting, ["run": run]) }
    func runLine(run: String, agent: String, state: String, age: String, tokens: Int, parent: String?, task: String) -> String {
        let nested = parent.map { self(.runUnder, ["parent": $0]) } ?? ""
        return self(.runLine, ["run": run, "agent": agent, "state": state, "age": age, "nested": nested, "task": task], count: tokens)
    }
    func runDetailsHeader(_ run: String, agent: String, state: String) -> String {
        self(.runDetailsHeader, ["run": run, "agent": agent, "state": state])
    }
    func runAskedBy(_ agent: String, for user: String?, age: String) -> String {
        user.map { self(.runAskedByFor, ["agent": agent, "user": $0, "age": age]) } ?? self(.runAskedBy, ["agent": agent, "age": age])
    }
    func runTask(_ task: String) -> String { self(.runTask, ["task": task]) }
    func runTokens(input: Int, output: Int) -> String { self(.runTokens, ["input": String(input), "output": String(output)]) }
    func runParent(_ parent: String, depth: Int) -> String { self(.runParent, ["parent": parent, "depth": String(depth)]) }
    func runProvider(_ provider: String, model: String?) -> String {
        model.map { self(.runProviderModel, ["provider": provider, "model": $0]) } ?? self(.runProvider, ["provider": provider])
    }
    func runResult(_ result: String) -> String { self(.runResult, ["result": result]) }
    func runDeliveryFailed(_ reason: String?) -> String { self(.runDeliveryFailed, ["reason": reason ?? self(.unknownReason)]) }
}
