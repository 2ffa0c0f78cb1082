import Foundation
@testable import Bridge
import Testing

/// What the Telegram transport relies on from any `TelegramStore`.
@Suite struct TelegramStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func offsetIsPerBotAndNeverMovesBack(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.telegram
            #expect(try await store.lastUpdateID(bot: "7") == nil)
            try await store.setLastUpdateID(10, bot: "7")
            try await store.setLastUpdateID(8, bot: "7")
            try await store.setLastUpdateID(3, bot: "8")
            try await store.setLastUpdateID(Int64(Int32.max) + 5, bot: "8")
            #expect(try await store.lastUpdateID(bot: "7") == 10)
            #expect(try await store.lastUpdateID(bot: "8") == Int64(Int32.max) + 5)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func offsetsWrittenAtOnceKeepTheHighest(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.telegram
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in (1...40).shuffled() { group.addTask { try await store.setLastUpdateID(Int64(id), bot: "7") } }
                try await group.waitForAll()
            }
            #expect(try await store.lastUpdateID(bot: "7") == 40)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func chatAgentIsRememberedAndListedByChatBytewise(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.telegram
            #expect(try await store.agent(ofChat: "telegram:5") == nil)
            try await store.setAgent("coder", ofChat: "telegram:5")
            try await store.setAgent("main", ofChat: "telegram:5")
            try await store.setAgent("coder", ofChat: "telegram:-9/3")
            try await store.setAgent("writer", ofChat: "telegram:A")
            try await store.setAgent("tester", ofChat: "telegram:a")
            #expect(try await store.agent(ofChat: "telegram:5") == "main")
            let listed = try await store.chatAgents()
            #expect(listed.map(\.0) == ["telegram:-9/3", "telegram:5", "telegram:A", "telegram:a"])
            #expect(listed.map(\.1) == ["coder", "main", "writer", "tester"])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func portalsAreSetAndReplaced(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.telegram
            #expect(try await store.portal(ofChat: "telegram:5") == nil)
            try await store.setPortal("!one:test", ofChat: "telegram:5")
            try await store.setPortal("!two:test", ofChat: "telegram:5")
            #expect(try await store.portal(ofChat: "telegram:5") == "!two:test")
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func upgradedGroupsAreRecordedOnce(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.telegram
            #expect(try await store.upgradedGroups().isEmpty)
            try await store.addUpgradedGroup(-1_001_234_567_890, from: -42)
            try await store.addUpgradedGroup(-1_001_234_567_890, from: -43)
            try await store.addUpgradedGroup(-1_009, from: -44)
            #expect(try await store.upgradedGroups() == [-1_001_234_567_890, -1_009])
        }
    }
}
