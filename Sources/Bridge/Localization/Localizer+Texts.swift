/// The typed accessors: one per key, with the key's arguments as parameters.
extension Localizer {
    // MARK: Command table and help
    var done: String { self(.done) }
    func unknownCommand(_ command: String, help: String) -> String { self(.unknownCommand, ["command": command, "help": help]) }
    func permissionNeeded(_ command: String, needed: PermissionLevel, have: PermissionLevel) -> String {
        self(.permissionNeeded, ["command": command, "needed": needed.rawValue, "have": have.rawValue])
    }
    func usage(_ usage: String) -> String { self(.usage, ["usage": usage]) }
    func commandFailed(_ command: String, error: String) -> String { self(.commandFailed, ["command": command, "error": error]) }
    var adminOnly: String { self(.adminOnly) }

    /// A `!help` section's heading; the table names sections in English.
    func section(_ name: String) -> String {
        switch name {
        case "Conversation": self(.sectionConversation)
        case "Agents": self(.sectionAgents)
        case "Automation": self(.sectionAutomation)
        case "Admin": self(.sectionAdmin)
        case "Other": self(.sectionOther)
        default: name
        }
    }

    /// A command's line in `!help` and in Telegram's command menu; a command without a catalog entry keeps its spec's.
    func summary(of spec: CommandSpec) -> String {
        let key: TextKey? = switch spec.name {
        case "help": .summaryHelp
        case "ping": .summaryPing
        case "status": .summaryStatus
        case "new": .summaryNew
        case "stop": .summaryStop
        case "interrupt": .summaryInterrupt
        case "model": .summaryModel
        case "provider": .summaryProvider
        case "agents": .summaryAgents
        case "where": .summaryWhere
        case "leave": .summaryLeave
        case "crypto": .summaryCrypto
        case "stop_all": .summaryStopAll
        case "session": .summarySession
        case "sessions": .summarySessions
        case "runs": .summaryRuns
        case "tasks": .summaryTasks
        case "cron": .summaryCron
        case "heartbeat": .summaryHeartbeat
        case "webhook": .summaryWebhook
        case "start": .summaryStart
        case "agent": .summaryAgent
        case "language": .summaryLanguage
        default: nil
        }
        return key.map { self($0) } ?? spec.summary
    }

    // MARK: Router
    func notAllowed(_ name: String) -> String { self(.notAllowed, ["name": name]) }
    func answerPassed(run: String, agent: String) -> String { self(.answerPassed, ["run": run, "agent": agent]) }
    func attachmentUnreadable(_ error: String) -> String { self(.attachmentUnreadable, ["error": error]) }
    func emptyAfterName(agent: String) -> String { self(.emptyAfterName, ["agent": agent]) }
    var onlyTextAndFiles: String { self(.onlyTextAndFiles) }
    var menuNotOpen: String { self(.menuNotOpen) }
    var menuExpired: String { self(.menuExpired) }
    var choiceAlreadyMade: String { self(.choiceAlreadyMade) }
    var menuNotYours: String { self(.menuNotYours) }
    func pickNumber(upTo count: Int) -> String { self(.pickNumber, ["count": String(count)]) }
    func turnsAhead(_ count: Int) -> String { self(.turnsAhead, count: count) }
    var filesNotSent: String { self(.filesNotSent) }

    // MARK: Built-in commands
    func noAgentNamed(_ agent: String) -> String { self(.noAgentNamed, ["agent": agent]) }
    func newSession(agent: String) -> String { self(.newSession, ["agent": agent]) }
    func interrupted(agent: String) -> String { self(.interrupted, ["agent": agent]) }
    func notWorkingOn(agent: String) -> String { self(.notWorkingOn, ["agent": agent]) }
    func stopNothing(agent: String) -> String { self(.stopNothing, ["agent": agent]) }
    func stoppedTurn(agent: String) -> String { self(.stoppedTurn, ["agent": agent]) }
    func droppedQueued(_ count: Int, agent: String) -> String { self(.droppedQueued, ["agent": agent], count: count) }
    func stoppedAndDropped(_ count: Int, agent: String) -> String { self(.stoppedAndDropped, ["agent": agent], count: count) }
    var stoppedEverything: String { self(.stoppedEverything) }
    func modelMenu(agent: String, current: String) -> String { self(.modelMenu, ["agent": agent, "current": current]) }
    func modelNow(agent: String, model: String) -> String { self(.modelNow, ["agent": agent, "model": model]) }
    func modelDefault(agent: String) -> String { self(.modelDefault, ["agent": agent]) }
    func configRejected(problems: [String]) -> String {
        self(.configRejected, ["problems": problems.map { "- \($0)" }.joined(separator: "\n")])
    }
    func configRestartNeeded(keys: [String]) -> String {
        self(.configRestartNeeded, ["keys": keys.map { "`\($0)`" }.joined(separator: ", ")])
    }
    func providerMenu(agent: String, current: String) -> String { self(.providerMenu, ["agent": agent, "current": current]) }
    func providerUnknown(_ name: String, configured: [String]) -> String {
        self(.providerUnknown, ["name": name, "list": configured.joined(separator: ", ")])
    }
    func providerNow(agent: String, provider: String) -> String { self(.providerNow, ["agent": agent, "provider": provider]) }
    func providerDefault(agent: String, provider: String) -> String { self(.providerDefault, ["agent": agent, "provider": provider]) }
    func providerModelCleared(model: String, provider: String) -> String {
        self(.providerModelCleared, ["model": model, "provider": provider])
    }
    func providerRunningTurn(old: String, new: String) -> String { self(.providerRunningTurn, ["old": old, "new": new]) }
    var whereNobody: String { self(.whereNobody) }
    var whereNoRooms: String { self(.whereNoRooms) }
    var statusWorking: String { self(.statusWorking) }
    var statusIdle: String { self(.statusIdle) }
    var statusDefaultModel: String { self(.statusDefaultModel) }
    var statusNewSession: String { self(.statusNewSession) }
    func statusBody(agent: String, state: String, provider: String, model: String, session: String, input: Int, output: Int,
                    turns: Int, cost: String, queue: Int) -> String {
        self(.statusBody, ["agent": agent, "state": state, "provider": provider, "model": model, "session": session,
                           "input": String(input), "output": String(output), "cost": cost, "queue": String(queue)], count: turns)
    }
    func agentsNeedAdmin(_ command: String) -> String { self(.agentsNeedAdmin, ["command": command]) }
    func agentExists(_ name: String) -> String { self(.agentExists, ["name": name]) }
    var mainAgentStays: String { self(.mainAgentStays) }
    func noAgentCalled(_ name: String) -> String { self(.noAgentCalled, ["name": name]) }
    func cannotRemove(_ name: String, error: String) -> String { self(.cannotRemove, ["name": name, "error": error]) }
    func unknownSubcommand(_ verb: String) -> String { self(.unknownSubcommand, ["verb": verb]) }
    func unexpectedArgument(_ argument: String) -> String { self(.unexpectedArgument, ["argument": argument]) }
    func unknownOption(_ option: String) -> String { self(.unknownOption, ["option": option]) }

    // MARK: Languages
    func languageOwn(_ language: Language, command: String) -> String { self(.languageOwn, ["language": language.name, "command": command]) }
    func languageDefault(_ language: Language, command: String) -> String {
        self(.languageDefault, ["language": language.name, "command": command])
    }
    func languageAvailable() -> String { self(.languageAvailable, ["available": Language.allCases.map(\.label).joined(separator: ", ")]) }
    func languageSet(_ language: Language) -> String { self(.languageSet, ["language": language.name]) }
    func languageReset(_ language: Language) -> String { self(.languageReset, ["language": language.name]) }
    func languageUnknown(_ code: String) -> String { self(.languageUnknown, ["code": code, "available": Language.codes]) }
    var languageNoChat: String { self(.languageNoChat) }

    // MARK: Telegram
    func telegramStart(agent: String, help: String) -> String { self(.telegramStart, ["agent": agent, "help": help]) }
    func agentOwnBot(_ agent: String) -> String { self(.agentOwnBot, ["agent": agent]) }
    func agentMenu(_ agent: String) -> String { self(.agentMenu, ["agent": agent]) }
    func noAgentNamed(_ name: String, agents: [String]) -> String {
        self(.noAgentNamedList, ["name": name, "agents": agents.joined(separator: ", ")])
    }
    var agentMainAgain: String { self(.agentMainAgain) }
    func agentSwitched(_ agent: String, back: String) -> String { self(.agentSwitched, ["agent": agent, "command": back]) }
}
