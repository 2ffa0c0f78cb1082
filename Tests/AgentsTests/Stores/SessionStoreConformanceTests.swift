@testable import Agents
import Testing

@Suite struct SessionStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func eachProviderKeepsItsOwnSession(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.sessions
            #expect(try await store.all(agent: "main", chat: "room1").isEmpty)
            try await store.set("S1", agent: "main", chat: "room1", provider: "claude")
            try await store.set("S2", agent: "main", chat: "room1", provider: "codex")
            try await store.set("S3", agent: "main", chat: "room1", provider: "claude")
            try await store.set("other", agent: "main", chat: "room2", provider: "claude")
            try await store.set("other", agent: "second", chat: "room1", provider: "claude")
            #expect(try await store.all(agent: "main", chat: "room1") == ["claude": "S3", "codex": "S2"])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func clearingDropsOneProvidersSessionOrAll(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.sessions
            for provider in ["claude", "codex", "gemini"] {
                try await store.set("S-\(provider)", agent: "main", chat: "room1", provider: provider)
            }
            try await store.set("kept", agent: "main", chat: "room2", provider: "claude")
            try await store.clear(agent: "main", chat: "room1", provider: "codex")
            #expect(try await store.all(agent: "main", chat: "room1") == ["claude": "S-claude", "gemini": "S-gemini"])
            try await store.clear(agent: "main", chat: "room1")
            #expect(try await store.all(agent: "main", chat: "room1").isEmpty)
            #expect(try await store.all(agent: "main", chat: "room2") == ["claude": "kept"])
        }
    }
}
