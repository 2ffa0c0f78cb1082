import Foundation
import GRDB
import MatrixAppService
import Testing
@testable import Bridge

/// Troupe's own chat texts in seven languages: complete catalogs, plural forms, `!language` per chat (stored),
/// and the config's `language`.
@Suite struct LanguageTests {
    static let room = ChatAddress.matrix(RoomID("!room:test"))
    static let other = ChatAddress.matrix(RoomID("!other:test"))

    private func routing(language: Language = .en, database: DatabaseQueue? = nil) throws -> MemoryRouting {
        try MemoryRouting(rooms: [Self.room: .init(agents: ["coder"], owner: "coder"), Self.other: .init(agents: ["coder"], owner: "coder")],
                          language: language, database: database)
    }

    private func answer(to id: MessageID, in chat: ChatAddress, _ routing: MemoryRouting) async throws -> String {
        try #require(try await routing.message(in: chat) { $0.replyTo == id }).text
    }

    // MARK: Catalogs

    @Test func englishHasEveryKey() {
        let missing = TextKey.allCases.filter { Catalog.en[$0] == nil }
        #expect(missing.isEmpty, "missing in en: \(missing)")
    }

    @Test(arguments: Language.allCases)
    func everyCatalogHasEnglishsKeysAndPlaceholders(_ language: Language) {
        let catalog = Catalog.phrases(for: language)
        let missing = Catalog.en.keys.filter { catalog[$0] == nil }.map(\.rawValue).sorted()
        let extra = catalog.keys.filter { Catalog.en[$0] == nil }.map(\.rawValue).sorted()
        #expect(missing.isEmpty, "\(language) lacks \(missing)")
        #expect(extra.isEmpty, "\(language) has extra \(extra)")
        for (key, english) in Catalog.en {
            guard let phrase = catalog[key] else { continue }
            // Every form of every language carries exactly the placeholders (names and how often) of the English text.
            let expected = Phrase.placeholders(in: english.forms.last ?? "").sorted()
            for form in phrase.forms {
                #expect(Phrase.placeholders(in: form).sorted() == expected, "\(language).\(key): \(form)")
            }
            switch (english, phrase) {
            case (.text, .text), (.plural, .plural): break
            default: Issue.record("\(language).\(key): plural in one catalog, plain text in the other")
            }
        }
    }

    @Test func russianUsesOneFewAndMany() {
        let ru = Localizer(.ru)
        #expect(ru.turnsAhead(1) == "В очереди: перед вашим 1 ход.")
        #expect(ru.turnsAhead(3) == "В очереди: перед вашим 3 хода.")
        #expect(ru.turnsAhead(5) == "В очереди: перед вашим 5 ходов.")
        #expect(ru.turnsAhead(11) == "В очереди: перед вашим 11 ходов.")
        #expect(ru.turnsAhead(21) == "В очереди: перед вашим 21 ход.")
        #expect(ru.turnsAhead(24) == "В очереди: перед вашим 24 хода.")
        #expect(ru.turnsAhead(112) == "В очереди: перед вашим 112 ходов.")
    }

    @Test func otherLanguagesUseOneAndOther() {
        #expect(Localizer(.en).turnsAhead(1) == "Queued: 1 turn ahead of yours.")
        #expect(Localizer(.en).turnsAhead(0) == "Queued: 0 turns ahead of yours.")
        #expect(Localizer(.de).droppedQueued(2, agent: "coder") == "2 wartende Nachrichten für coder verworfen.")
        // French counts 0 and 1 as singular.
        #expect(Localizer(.fr).turnsAhead(0) == "En attente : 0 tour avant le vôtre.")
        #expect(Localizer(.fr).turnsAhead(2) == "En attente : 2 tours avant le vôtre.")
    }

    @Test func placeholdersAreFilledAndUnknownBracesStay() {
        #expect(Localizer.fill("{a} and {b} {c}", with: ["a": "1", "b": "{a}"]) == "1 and {a} {c}")
        #expect(Localizer(.en).summary(of: CommandSpec("webhook", section: "Automation", summary: "") { _ in CommandReply("") })
            .contains("`{{payload}}`"))
    }

    // MARK: !language

    @Test func aChatsLanguageChangesItsAnswersAndNoOtherChats() async throws {
        let routing = try routing()
        let set = await routing.say("!language de", in: Self.room)
        #expect(try await answer(to: set, in: Self.room, routing) == "Dieser Chat spricht jetzt **Deutsch**.")
        let stop = await routing.say("!stop", in: Self.room)
        #expect(try await answer(to: stop, in: Self.room, routing) == "coder hat an nichts gearbeitet.")
        let help = await routing.say("!help", in: Self.room)
        #expect(try await answer(to: help, in: Self.room, routing).contains("**Unterhaltung**"))
        let elsewhere = await routing.say("!stop", in: Self.other)
        #expect(try await answer(to: elsewhere, in: Self.other, routing) == "coder was not working on anything.")
        // What the agent writes is its own.
        let prompt = await routing.say("hallo", in: Self.room)
        #expect(try await routing.message(in: Self.room) { $0.replyTo == prompt && $0.text == "echo: hallo" } != nil)
    }

    @Test func withoutAnArgumentItShowsTheLanguageAndTheChoices() async throws {
        let routing = try routing(language: .fr)
        let show = await routing.say("!language", in: Self.room)
        let shown = try await answer(to: show, in: Self.room, routing)
        #expect(shown.contains("**Français**, la langue par défaut de Troupe"))
        #expect(shown.contains("Русский (ru)") && shown.contains("English (en)"))
        let set = await routing.say("!language nl", in: Self.room)
        _ = try await answer(to: set, in: Self.room, routing)
        let again = await routing.say("!language", in: Self.room)
        #expect(try await answer(to: again, in: Self.room, routing).contains("Deze chat spreekt **Nederlands** (ingesteld met `!language`"))
        let reset = await routing.say("!language default", in: Self.room)
        #expect(try await answer(to: reset, in: Self.room, routing) == "Ce chat parle de nouveau la langue par défaut de Troupe : **Français**.")
    }

    @Test func anUnknownCodeIsRefusedWithTheValidOnes() async throws {
        let routing = try routing()
        let bad = await routing.say("!language klingon", in: Self.room)
        #expect(try await answer(to: bad, in: Self.room, routing)
            == "There is no language \"klingon\". Available: en, de, fr, es, nl, ru, pt.")
        #expect(await routing.languages.override(for: Self.room) == nil)
    }

    @Test func theConfigsDefaultCanChangeWhileRunning() async throws {
        let routing = try routing()
        await routing.languages.setDefault(.es)
        let stop = await routing.say("!stop", in: Self.room)
        #expect(try await answer(to: stop, in: Self.room, routing) == "coder no estaba trabajando en nada.")
    }

    @Test func aThreadSpeaksItsRoomsLanguage() async throws {
        let languages = ChatLanguages()
        try await languages.set(.pt, for: Self.room)
        #expect(await languages.language(for: .matrixThread(RoomID("!room:test"), root: EventID("$root"))) == .pt)
        #expect(await languages.language(for: .session(Self.room, name: "side")) == .pt)
        #expect(await languages.language(for: Self.other) == .en)
    }

    @Test func aChatsLanguageSurvivesARestart() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-languages-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let routing = try routing(database: try DatabaseQueue(path: path))
            let set = await routing.say("!language ru", in: Self.room)
            #expect(try await answer(to: set, in: Self.room, routing) == "Язык этого чата теперь **Русский**.")
        }
        let reopened = try routing(database: try DatabaseQueue(path: path))
        let stop = await reopened.say("!stop", in: Self.room)
        #expect(try await answer(to: stop, in: Self.room, reopened) == "coder ничем не был занят.")
        let elsewhere = await reopened.say("!stop", in: Self.other)
        #expect(try await answer(to: elsewhere, in: Self.other, reopened) == "coder was not working on anything.")
    }

    // MARK: Config

    @Test func theConfigNamesTheDefaultLanguage() throws {
        let yaml = ConfigFixture.template
        #expect(try TroupeConfig.parse(yaml: yaml, directory: "/srv").language == .en)
        let german = yaml.replacingOccurrences(of: "\nlanguage: en\n", with: "\nlanguage: de\n")
        #expect(try TroupeConfig.parse(yaml: german, directory: "/srv").language == .de)
        let unset = yaml.replacingOccurrences(of: "\nlanguage: en\n", with: "\n")
        #expect(try TroupeConfig.parse(yaml: unset, directory: "/srv").language == .en)
    }

    @Test func anUnknownLanguageIsAConfigErrorNamingTheValidOnes() {
        let found = ConfigFixture.problems(ConfigFixture.template.replacingOccurrences(of: "\nlanguage: en\n", with: "\nlanguage: xx\n"))
        #expect(found.map(\.key) == ["language"])
        #expect(found.first?.problem == "unknown language \"xx\" (use one of en, de, fr, es, nl, ru, pt)")
    }
}
