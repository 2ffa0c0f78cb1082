@testable import Agents
import Testing

@Suite struct HistoryStoreConformanceTests {
    private static func messages(_ count: Int, from start: Int = 0) -> [HistoryMessage] {
        (start..<(start + count)).map { HistoryMessage(role: $0 % 2 == 0 ? .user : .assistant, content: "m\($0)") }
    }

    @Test(arguments: StoreDriver.allCases)
    func messagesComeBackOldestFirstPerSession(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.history
            try await store.append(Self.messages(4), agent: "main", chat: "room1", session: "S1")
            try await store.append(Self.messages(2, from: 4), agent: "main", chat: "room1", session: "S1")
            try await store.append([], agent: "main", chat: "room1", session: "S1")
            try await store.append(Self.messages(2, from: 100), agent: "main", chat: "room1", session: "S2")
            try await store.append(Self.messages(2, from: 200), agent: "main", chat: "room2", session: "S1")
            let recent = try await store.recent(agent: "main", chat: "room1", session: "S1", maxMessages: 50, maxChars: 10_000)
            #expect(recent == Self.messages(6))
            #expect(try await store.recent(agent: "main", chat: "room1", session: "S3", maxMessages: 50, maxChars: 10_000).isEmpty)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func theNewestMessagesThatFitAreKeptNeverStartingWithTheAssistant(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.history
            try await store.append(Self.messages(10), agent: "main", chat: "room1", session: "S1")
            // The newest five are m5…m9; m5 is the assistant's, so the history starts at m6.
            #expect(try await store.recent(agent: "main", chat: "room1", session: "S1", maxMessages: 5, maxChars: 10_000)
                == Array(Self.messages(10).suffix(4)))
            // Six characters fit three messages (m7…m9), and m7 is the assistant's.
            #expect(try await store.recent(agent: "main", chat: "room1", session: "S1", maxMessages: 50, maxChars: 6)
                == Array(Self.messages(10).suffix(2)))
        }
    }
}
