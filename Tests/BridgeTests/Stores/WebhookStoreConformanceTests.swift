import Foundation
@testable import Bridge
import MatrixAppService
import Testing

/// What `!webhook` and the listener rely on from any `WebhookStore`.
@Suite struct WebhookStoreConformanceTests {
    static func hook(_ name: String, chat: ChatAddress = .matrix(RoomID("!r:test")), template: String? = "T {{payload}}") -> Webhook {
        Webhook(name: name, agent: "main", chat: chat, secret: "one", template: template, createdBy: "@a:test",
                createdAt: Date(timeIntervalSince1970: 1_800_000_000.5))
    }

    @Test(arguments: StoreDriver.allCases)
    func hooksAreStoredUniqueAndDeletedWithTheirDeliveries(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.webhooks
            let hook = Self.hook("gh")
            #expect(try await store.add(hook))
            #expect(try await !store.add(Self.hook("gh", template: nil)))
            #expect(try await store.hook("gh") == hook)
            #expect(try await store.hooks(in: .matrix(RoomID("!r:test"))) == [hook])
            #expect(try await store.hooks(in: .matrix(RoomID("!other:test"))).isEmpty)
            #expect(try await store.setSecret("gh", "two"))
            #expect(try await !store.setSecret("nope", "two"))
            #expect(try await store.hook("gh")?.secret == "two")
            let now = Date()
            #expect(try await store.firstSight(of: "d1", hook: "gh", at: now))
            #expect(try await store.delete("gh"))
            #expect(try await !store.delete("gh"))
            #expect(try await store.hook("gh") == nil)
            // The deliveries went with it: a new hook of that name sees the id anew.
            #expect(try await !store.hasSeen("d1", hook: "gh", at: now))
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func hooksAreListedByNameBytewiseWithoutTemplateWhenNone(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.webhooks
            let elsewhere = ChatAddress.matrix(RoomID("!elsewhere:test"))
            for hook in [Self.hook("b"), Self.hook("a-2", template: nil), Self.hook("a_1"), Self.hook("c", chat: elsewhere)] {
                #expect(try await store.add(hook))
            }
            #expect(try await store.hooks().map(\.name) == ["a-2", "a_1", "b", "c"])
            #expect(try await store.hooks(in: .matrix(RoomID("!r:test"))).map(\.name) == ["a-2", "a_1", "b"])
            #expect(try await store.hook("a-2")?.template == nil)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aDeliveryIdCountsOncePerHookForADay(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.webhooks
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await !store.hasSeen("d1", hook: "gh", at: start))
            #expect(try await store.firstSight(of: "d1", hook: "gh", at: start))
            #expect(try await store.hasSeen("d1", hook: "gh", at: start))
            #expect(try await !store.firstSight(of: "d1", hook: "gh", at: start + 60))
            #expect(try await store.firstSight(of: "d1", hook: "other", at: start + 60))
            // A day later it is forgotten (and pruned).
            let later = start + Webhook.deliveryMemory + 1
            #expect(try await !store.hasSeen("d1", hook: "gh", at: later))
            #expect(try await store.firstSight(of: "d1", hook: "gh", at: later))
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func oneDeliverySeenByTwoAtOnceIsFirstSeenOnce(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.webhooks
            let now = Date()
            let firsts = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.firstSight(of: "d1", hook: "gh", at: now) } }
                var count = 0
                for try await first in group where first { count += 1 }
                return count
            }
            #expect(firsts == 1)
        }
    }
}
