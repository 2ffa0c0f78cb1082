@testable import Agents
import Testing

@Suite struct ConversationStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func aConversationWithoutARecordLoadsEmpty(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let record = try await db.stores.conversations.load(agent: "main", chat: "room1")
            #expect(record == ConversationRecord())
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aSavedRecordIsLoadedBackAndReplacedWhole(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.conversations
            let record = ConversationRecord(
                providerOverride: "codex", modelOverride: "gpt-5",
                usage: TokenUsage(inputTokens: 1_200_000_000_000, outputTokens: 34, cachedInputTokens: 5), costUSD: 0.125, turns: 7)
            try await store.save(record, agent: "main", chat: "room1")
            #expect(try await store.load(agent: "main", chat: "room1") == record)
            #expect(try await store.load(agent: "main", chat: "room2") == ConversationRecord())
            #expect(try await store.load(agent: "other", chat: "room1") == ConversationRecord())
            // Overrides set back to nil are stored as nil, not kept from before.
            let reset = ConversationRecord(usage: TokenUsage(inputTokens: 1), costUSD: 1.5, turns: 8)
            try await store.save(reset, agent: "main", chat: "room1")
            #expect(try await store.load(agent: "main", chat: "room1") == reset)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_conversations") == 1)
        }
    }
}
