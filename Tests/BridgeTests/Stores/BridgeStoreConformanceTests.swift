import Foundation
@testable import Bridge
import MatrixAppService
import Testing

/// What the Matrix side relies on from any `BridgeStore` (agent rooms, sent events) and any `LanguageStore`.
@Suite struct BridgeStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func anAgentsRoomIsSetReplacedAndForgotten(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.bridge
            #expect(try await store.room(ofAgent: "coder") == nil)
            try await store.setRoom(RoomID("!a:test"), ofAgent: "coder")
            try await store.setRoom(RoomID("!b:test"), ofAgent: "coder")
            try await store.setRoom(RoomID("!m:test"), ofAgent: "main")
            #expect(try await store.room(ofAgent: "coder") == RoomID("!b:test"))
            #expect(try await store.agent(owningRoom: RoomID("!b:test")) == "coder")
            #expect(try await store.agent(owningRoom: RoomID("!a:test")) == nil)
            try await store.forgetRoom(ofAgent: "coder")
            #expect(try await store.room(ofAgent: "coder") == nil)
            #expect(try await store.room(ofAgent: "main") == RoomID("!m:test"))
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func theFirstRecordOfASentEventStays(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.bridge
            #expect(try await store.agent(thatSent: EventID("$e")) == nil)
            try await store.recordSent(EventID("$e"), room: RoomID("!r:test"), agent: "coder")
            try await store.recordSent(EventID("$e"), room: RoomID("!r:test"), agent: "main")
            #expect(try await store.agent(thatSent: EventID("$e")) == "coder")
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aChatsLanguageIsSetReplacedAndCleared(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.languages
            let other = try #require(Language.allCases.first { $0 != .default })
            #expect(try await store.language(ofChat: "matrix:!r") == nil)
            try await store.setLanguage(other, ofChat: "matrix:!r")
            #expect(try await store.language(ofChat: "matrix:!r") == other)
            try await store.setLanguage(.default, ofChat: "matrix:!r")
            try await store.setLanguage(other, ofChat: "telegram:5")
            #expect(try await store.language(ofChat: "matrix:!r") == .default)
            try await store.setLanguage(nil, ofChat: "matrix:!r")
            #expect(try await store.language(ofChat: "matrix:!r") == nil)
            #expect(try await store.language(ofChat: "telegram:5") == other)
        }
    }
}

/// What `!session` relies on from any `NamedSessionStore`.
@Suite struct NamedSessionStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func sessionsAreKeptPerChatOldestFirstAndEnded(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.sessions
            let start = Date(timeIntervalSince1970: 1_800_000_000.25)
            try await store.create(NamedSession(chat: "matrix:!r", name: "later", agent: "coder", createdAt: start + 10))
            try await store.create(NamedSession(chat: "matrix:!r", name: "first", agent: "main", createdAt: start))
            try await store.create(NamedSession(chat: "telegram:5", name: "first", agent: "coder", createdAt: start))
            let sessions = try await store.sessions(in: "matrix:!r")
            #expect(sessions == [NamedSession(chat: "matrix:!r", name: "first", agent: "main", createdAt: start),
                                 NamedSession(chat: "matrix:!r", name: "later", agent: "coder", createdAt: start + 10)])
            #expect(try await store.session(in: "matrix:!r", named: "LATER")?.agent == "coder")
            #expect(try await store.end(in: "matrix:!r", named: "First"))
            #expect(try await !store.end(in: "matrix:!r", named: "first"))
            #expect(try await store.sessions(in: "matrix:!r").map(\.name) == ["later"])
            #expect(try await store.sessions(in: "telegram:5").map(\.name) == ["first"])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aSecondSessionOfOneNameIsRefused(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let session = NamedSession(chat: "matrix:!r", name: "x", agent: "main", createdAt: Date())
            try await stores.sessions.create(session)
            await #expect(throws: (any Error).self) { try await stores.sessions.create(session) }
            #expect(try await stores.sessions.sessions(in: "matrix:!r").count == 1)
        }
    }
}

/// What `MenuRegistry` relies on from any `MenuStore`.
@Suite struct MenuStoreConformanceTests {
    static let room = ChatAddress.matrix(RoomID("!menus:test"))

    static func menu(_ title: String, expiresAt: Date) -> OptionMenu {
        var menu = OptionMenu(title: title, options: [.init("a"), .init("b")], purpose: .agentButtons(agent: "main"), owner: "@a:test")
        menu.expiresAt = expiresAt
        return menu
    }

    @Test(arguments: StoreDriver.allCases)
    func menusAreSavedUpdatedReadSoonestFirstAndSwept(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.menus
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let late = StoredMenu(token: "late", chat: Self.room, message: nil, menu: Self.menu("late", expiresAt: now + 3600), seeds: [])
            let telegram = try #require(ChatAddress(stored: "telegram:5"))
            var soon = StoredMenu(token: "soon", chat: telegram, message: nil, menu: Self.menu("soon", expiresAt: now + 60), seeds: [])
            let gone = StoredMenu(token: "gone", chat: Self.room, message: MessageID("$g"), menu: Self.menu("gone", expiresAt: now - 7200), seeds: [])
            for entry in [late, soon, gone] { try await store.save(entry) }
            soon.message = MessageID("$soon")
            soon.seeds = [MessageID("$r1"), MessageID("$r2")]
            soon.menu.isDone = true
            try await store.save(soon)
            #expect(try await store.all(expiringAfter: now - 3600) == [soon, late])
            try await store.delete(expiredBefore: now - 3600)
            #expect(try await store.all(expiringAfter: now - 86_400) == [soon, late])
        }
    }
}
