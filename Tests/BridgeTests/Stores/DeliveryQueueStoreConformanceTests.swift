import Agents
import Foundation
@testable import Bridge
import Testing

/// What `DeliveryQueue` relies on from any `DeliveryQueueStore`.
@Suite struct DeliveryQueueStoreConformanceTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000.5)

    @Test(arguments: StoreDriver.allCases)
    func theSameIdIsOneDeliveryKeptOldestFirst(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.deliveries
            #expect(try await store.enqueue(id: "b", chat: "matrix:!r", agent: "main", text: "second", at: Self.start + 1))
            #expect(try await store.enqueue(id: "a", chat: "telegram:5", agent: "coder", text: "first", at: Self.start))
            #expect(try await !store.enqueue(id: "a", chat: "telegram:5", agent: "coder", text: "again", at: Self.start + 2))
            #expect(try await store.pending() == [
                Delivery(id: "a", chat: "telegram:5", agent: "coder", text: "first", attempts: 0),
                Delivery(id: "b", chat: "matrix:!r", agent: "main", text: "second", attempts: 0),
            ])
            #expect(try await store.count() == 2)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aClaimedDeliveryIsNotDueAgainUntilItsLeaseEnds(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.deliveries
            try await store.enqueue(id: "late", chat: "matrix:!r", agent: "main", text: "2", at: Self.start + 1)
            try await store.enqueue(id: "early", chat: "matrix:!r", agent: "main", text: "1", at: Self.start)
            try await store.enqueue(id: "future", chat: "matrix:!r", agent: "main", text: "3", at: Self.start + 100)
            let claimed = try await store.claimDue(at: Self.start + 10, leaseUntil: Self.start + 300)
            #expect(claimed.map(\.id) == ["early", "late"])
            #expect(try await store.claimDue(at: Self.start + 200, leaseUntil: Self.start + 500).map(\.id) == ["future"])
            // A sender that died mid-send: after the lease its deliveries are due again, nothing lost.
            #expect(try await store.claimDue(at: Self.start + 300, leaseUntil: Self.start + 600).map(\.id) == ["early", "late"])
            #expect(try await store.count() == 3)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func failedAttemptsAreCountedAndRescheduledAndSentOnesRemoved(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.deliveries
            try await store.enqueue(id: "d1", chat: "matrix:!r", agent: "main", text: "hi", at: Self.start)
            try await store.enqueue(id: "d2", chat: "matrix:!r", agent: "main", text: "ho", at: Self.start)
            _ = try await store.claimDue(at: Self.start, leaseUntil: Self.start + 300)
            try await store.reschedule("d1", attempts: 1, next: Self.start + 2)
            try await store.postpone("d2", until: Self.start + 60)
            #expect(try await store.claimDue(at: Self.start + 1, leaseUntil: Self.start + 300).isEmpty)
            #expect(try await store.claimDue(at: Self.start + 2, leaseUntil: Self.start + 300).map(\.attempts) == [1])
            #expect(try await store.claimDue(at: Self.start + 60, leaseUntil: Self.start + 300).map(\.attempts) == [0])
            try await store.remove("d1")
            try await store.remove("d1")
            #expect(try await store.pending().map(\.id) == ["d2"])
            #expect(try await store.count() == 1)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func sendersClaimingAtOnceNeverShareADelivery(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores throws in
            let store = stores.deliveries
            for n in 0..<60 {
                try await store.enqueue(id: "d\(n)", chat: "matrix:!r", agent: "main", text: "\(n)", at: Self.start + Double(n) / 100)
            }
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 {
                    group.addTask { try await store.claimDue(at: Self.start + 10, leaseUntil: Self.start + 300).map(\.id) }
                }
                var all: [[String]] = []
                for try await claim in group { all.append(claim) }
                return all
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == 60, "claims: \(claims.map(\.count))")
            #expect(Set(all).count == 60)
        }
    }
}
