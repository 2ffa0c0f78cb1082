@testable import Agents
import Automation
import Foundation
import MatrixAppService
import Testing
@testable import Bridge

/// Errors other modules raise reach a chat in its language: a failed turn, a schedule that does not read, a file
/// that could not be fetched, run states, deliveries. Raw text inside them stays as it came; English stays as it was.
@Suite struct LocalizedErrorTests {
    /// One of every reason, so a new case without a catalog sentence shows here.
    static let reasons: [AgentError.Reason] = [
        .unknownAgent("ghost"), .agentGone("ghost"), .providerNotConfigured("local"),
        .unknownProvider("nope", known: ["claude", "codex"]), .providerNotAllowed(agent: "coder", provider: "gemini", allowed: ["claude", "codex"]),
        .agentInConfig("coder", remove: false), .agentInConfig("coder", remove: true),
        .workspaceFailed(agent: "coder", detail: "Permission denied"), .secretsUnreadable(path: "/etc/troupe.env", detail: "No such file"),
        .invalidModel("--yolo"), .invalidStoredModel("--yolo"), .unexpected("boom"),
        .toolNotFound(command: "codex", provider: "codex", tool: "Codex", kind: .codex, isPath: false),
        .toolNotFound(command: "/opt/claude", provider: "claude", tool: "Claude Code", kind: .claude, isPath: true),
        .toolNotFound(command: "/opt/llm", provider: "local", tool: "OpenAI", kind: .openai, isPath: true),
        .launchFailed(command: "codex", detail: "Permission denied"),
        .toolExited(tool: "Codex", command: "codex", exit: .status(2), detail: "error: unexpected argument"),
        .toolExited(tool: "Codex", command: "codex", exit: .signal(9), detail: ""),
        .noOutput(tool: "Gemini CLI", command: "gemini", provider: "gemini"),
        .notJSON(tool: "Codex", command: "codex", provider: "codex", lines: 3, first: "Usage: codex"),
        .noResult(tool: "Claude Code", command: "claude", unreadableLines: 0, first: "", detail: ""),
        .noResult(tool: "Claude Code", command: "claude", unreadableLines: 2, first: "panic", detail: "killed"),
        .toolReported("API Error: 529 Overloaded"), .sessionRejected("No conversation found"),
        .baseURLMissing(provider: "local"), .modelMissing(provider: "local"), .requestEncoding(detail: "bad"),
        .httpStatus(provider: "local", status: 401, keyVariable: "LLM_KEY", detail: "Incorrect API key"),
        .httpStatus(provider: "local", status: 500, keyVariable: nil, detail: "oops"),
        .streamError(provider: "local", detail: "overloaded"), .streamEndedEarly(provider: "local"),
        .unreachable(url: "http://127.0.0.1:1/v1/chat/completions", provider: "local", detail: "connection refused"),
        .timedOut(limit: "15 min", agent: "coder"), .stopped, .interrupted, .droppedByStop, .endedWithoutAnswer,
        .attachment(.noFile), .attachment(.tooLarge(megabytes: 25, limit: 20)), .attachment(.tooLarge(megabytes: nil, limit: 100)),
        .attachment(.failed("M_NOT_FOUND (HTTP 404): Not found")),
    ]

    static let scheduleErrors: [ScheduleError] = [
        .cronFieldCount("0 9 *", count: 3), .noSuchDay("0 0 31 2 *", days: "31", months: "2"),
        .emptyListItem(.minute, in: "1,,2"), .moreThanOneSlash(.hour, item: "*/2/3"), .badStep(.dayOfMonth, step: "x"),
        .notValueOrRange(.month, text: "1-2-3"), .backwardsRange(.dayOfWeek, range: "5-1"), .outOfRange(.hour, value: 24, low: 0, high: 23),
        .notNumberOrName(.minute, text: "x", names: []), .notNumberOrName(.month, text: "foo", names: ["jan", "feb"]),
        .quietHoursRange, .quietAllDayOrNever(start: 7, end: 7), .notHourRange("late"), .quietHoursSyntax, .unknownTimeZone("Mars/Base"),
        .noSchedule, .everySyntax, .atSyntax, .notDateTime("2026-13-01 10:00"), .notInterval("10x"), .longerThanAYear("400d"),
        .tooShort(seconds: 10), .passed,
    ]

    @Test(arguments: reasons)
    func englishSaysWhatTheLogsSay(_ reason: AgentError.Reason) {
        #expect(Localizer(.en).failure(AgentError(reason)) == AgentError(reason).message)
    }

    @Test(arguments: Language.allCases)
    func everyLanguageRendersEveryReasonWithItsRawParts(_ language: Language) {
        for reason in Self.reasons {
            let text = Localizer(language).failure(reason)
            #expect(!text.contains("{"), "\(language) \(reason): \(text)")
            if language != .en && !Self.isRawOnly(reason) {
                #expect(text != AgentError(reason).message, "\(language) left \(reason) in English")
            }
        }
    }

    /// Reasons that are nothing but a tool's or the system's own words.
    static func isRawOnly(_ reason: AgentError.Reason) -> Bool {
        switch reason {
        case .unexpected, .toolReported, .sessionRejected: true
        default: false
        }
    }

    @Test func aFailedTurnReadsInGermanAndKeepsTheToolsOwnWords() {
        let de = Localizer(.de)
        #expect(de.failure(AgentError(.unknownAgent("ghost"))) == "Es gibt keinen Agenten namens ghost.")
        #expect(de.failure(AgentError(.toolExited(tool: "Codex", command: "codex", exit: .status(2), detail: "error: unexpected argument")))
            == "Codex (codex) endete mit Status 2: error: unexpected argument")
        #expect(de.failure(AgentError(.timedOut(limit: "15 min", agent: "coder")))
            == "Nach 15 min ohne Abschluss gestoppt; erhöhe runtime.turn_timeout (oder agents.coder.turn_timeout), wenn diese Aufgabe länger braucht.")
        #expect(de.failure(AgentError(.toolNotFound(command: "codex", provider: "codex", tool: "Codex", kind: .codex, isPath: false)))
            == "codex wurde im PATH nicht gefunden; installiere Codex mit `npm install -g @openai/codex` (siehe docs/agents.md#provider-setup), "
            + "oder setze providers.codex.command")
        #expect(de.failure(AgentError(.attachment(.tooLarge(megabytes: 25, limit: 20))))
            == "Ich konnte diesen Anhang nicht lesen: die Datei ist 25 MB groß; höchstens 20 MB können abgerufen werden")
        #expect(Localizer(.ru).failure(AgentError(.httpStatus(provider: "local", status: 401, keyVariable: "LLM_KEY", detail: "Incorrect API key")))
            == "local ответил HTTP 401 (проверьте ключ в $LLM_KEY): Incorrect API key")
    }

    @Test(arguments: scheduleErrors)
    func englishScheduleErrorsSayWhatTheirDescriptionSays(_ error: ScheduleError) {
        #expect(Localizer(.en).schedule(error) == error.description)
        #expect(!Localizer(.fr).schedule(error).contains("{"))
    }

    @Test func aScheduleErrorReadsInGermanAndFrench() {
        #expect(Localizer(.de).schedule(.outOfRange(.hour, value: 24, low: 0, high: 23)) == "Stunde: 24 liegt außerhalb von 0-23")
        #expect(Localizer(.de).schedule(.notInterval("10x")) == "„10x“ ist kein Intervall wie 30s, 15m, 2h oder 1d")
        #expect(Localizer(.fr).schedule(.passed) == "ce moment est déjà passé")
        // The parsers raise them typed.
        #expect(throws: ScheduleError.outOfRange(.hour, value: 24, low: 0, high: 23)) { try CronExpression("0 24 * * *") }
        #expect(throws: ScheduleError.notInterval("10x")) { try Schedule.parse("every 10x", defaultZone: .gmt) }
    }

    static let runFailures: [RunFailure] = [
        .configuration(detail: "no such model"), .killedBeforeStart, .killed, .timedOut(seconds: 600),
        .overBudget(used: 1200, budget: 1000), .restartedWhileWorking, .restartedBeforeStart, .agent(.stopped),
    ]

    @Test(arguments: Language.allCases)
    func whyARunEndedIsSaidInEveryLanguageAndInEnglishAsTheAgentReadsIt(_ language: Language) {
        for failure in Self.runFailures {
            var run = Run.sample(failure: failure)
            let text = Localizer(language).runError(run) ?? ""
            #expect(!text.isEmpty && !text.contains("{"), "\(language) \(failure): \(text)")
            if language == .en {
                #expect(text == failure.english)
            } else {
                #expect(text != failure.english, "\(language) left \(failure) in English")
            }
            // A run stored before failures were typed shows its English text as it is.
            run.failure = nil
            #expect(Localizer(language).runError(run) == failure.english)
        }
        #expect(Localizer(.de).runError(.sample(failure: .timedOut(seconds: 600))) == "Nach seinem Zeitlimit von 600 s angehalten.")
    }

    @Test func runStatesAndRunEndsAreSaidInTheChatsLanguage() {
        #expect(Localizer(.en).runState(.timedOut) == "timed out")
        #expect(Localizer(.de).runState(.completed) == "fertig")
        #expect(Localizer(.es).runEnded("r1", worker: "coder", state: .cancelled) == "La ejecución r1 de coder terminó: cancelada.")
        #expect(Localizer(.en).runEnded("r1", worker: "coder", state: .failed) == "Run r1 by coder ended: failed.")
    }

    @Test func deliveriesNoticesAndPortalsAreTranslated() {
        #expect(Localizer(.en).delivery(.noTransport("telegram:5")) == DeliveryFailure.noTransport("telegram:5").description)
        #expect(Localizer(.nl).delivery(.noTransport("telegram:5")).hasPrefix("geen berichtendienst"))
        #expect(Localizer(.de).delivery(.failed("Forbidden: bot was blocked")) == "Forbidden: bot was blocked")
        for notice in [TurnNotice.sessionNotResumed, .timeLimitMoved(by: "5 min"), .stoppingSoon(in: "30 s", unlessOutput: true),
                       .stoppingSoon(in: "30 s", unlessOutput: false)] {
            #expect(Localizer(.en).notice(notice) == notice.description)
            #expect(Localizer(.pt).notice(notice) != notice.description)
        }
        #expect(Localizer(.en).automatedMoved(.job("j1"), chat: "telegram:5")
            == "⚠️ Job `j1` was made in telegram:5, where I can no longer post; its answer comes here.")
        #expect(Localizer(.de).automatedLabel(.heartbeat) == "💓 Heartbeat" && Localizer(.ru).automatedLabel(.heartbeat) == "💓 пульс")
        let ref = TelegramChatRef(chatID: 42, threadID: 7)
        let options = TelegramPortals.portalOptions(for: ref, title: "Carol", owners: [], encrypted: false, text: Localizer(.fr))
        #expect(options.name == "Telegram · Carol · sujet 7")
        #expect(options.topic == "Miroir du chat Telegram \(ref.address.stored) (Troupe). Les réponses ici n’atteignent pas Telegram.")
    }

    // MARK: Through the router

    static let room = ChatAddress.matrix(RoomID("!errors:test"))

    @Test func aCommandsAgentErrorIsAnsweredInTheChatsLanguage() async throws {
        let routing = try MemoryRouting(rooms: [Self.room: .init(agents: ["coder"], owner: "coder")], language: .de)
        let asked = await routing.say("!model --yolo", in: Self.room)
        let answer = try #require(try await routing.message(in: Self.room) { $0.replyTo == asked }).text
        #expect(answer.contains("„--yolo“ ist kein Modellname"), "\(answer)")
        let english = try MemoryRouting(rooms: [Self.room: .init(agents: ["coder"], owner: "coder")])
        let again = await english.say("!model --yolo", in: Self.room)
        #expect(try #require(try await english.message(in: Self.room) { $0.replyTo == again }).text.contains("\"--yolo\" is not a model name"))
    }
}

private extension Run {
    static func sample(failure: RunFailure) -> Run {
        var run = Run(id: RunID(rawValue: "r1"), parent: nil, depth: 0, routing: RunRouting(agent: "main", chat: "matrix:!r:x"),
                      rootChat: "matrix:!r:x", task: "t", agent: "coder", role: nil, provider: nil, model: nil, state: .failed,
                      result: nil, error: failure.english, usage: .zero, costUSD: 0, timeout: 600, tokenBudget: nil, delivery: .none,
                      deliveryError: nil, createdAt: Date(), startedAt: nil, finishedAt: nil)
        run.failure = failure
        return run
    }
}
