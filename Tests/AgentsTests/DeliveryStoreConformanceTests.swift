@testable import Agents
import Foundation
import Testing

/// What RunManager relies on from any `DeliveryStore`, on SQLite and on PostgreSQL.
@Suite struct DeliveryStoreConformanceTests {
    @Test(arguments: RunStoreDriver.allCases)
    func pendingDeliveriesComeDueOldestFirst(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            let before = Date()
            try await stores.deliveries.enqueue(run: RunID(rawValue: "r1"), report: "first 👋")
            try await stores.deliveries.enqueue(run: RunID(rawValue: "r2"), report: "second")
            let found = try await stores.deliveries.due(now: Date().addingTimeInterval(1))
            #expect(found.due.map(\.run.rawValue) == ["r1", "r2"])
            #expect(found.due.map(\.report) == ["first 👋", "second"])
            #expect(found.due.allSatisfy { $0.answer == nil && $0.attempts == 0 })
            #expect(found.next == nil)
            #expect(try await stores.deliveries.due(now: before.addingTimeInterval(-10)).due.isEmpty)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func aSavedAnswerTravelsWithItsDelivery(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            try await stores.deliveries.enqueue(run: RunID(rawValue: "r1"), report: "report")
            let delivery = try #require(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.first)
            try await stores.deliveries.saveAnswer("the reply", id: delivery.id)
            #expect(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.first?.answer == "the reply")
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func aDeliveredResultMarksItsRunDelivered(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            var run = Run.sample("r1", state: .completed)
            run.delivery = .pending
            run.deliveryError = "earlier trouble"
            try await stores.runs.finish(run, report: "report")
            let delivery = try #require(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.first)
            try await stores.deliveries.markDelivered(id: delivery.id, run: run.id)
            #expect(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.isEmpty)
            let stored = try await stores.runs.run(run.id)
            #expect(stored?.delivery == .delivered)
            #expect(stored?.deliveryError == nil)
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_deliveries WHERE state = 'delivered' AND attempts = 1") == 1)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func aFailedAttemptIsRetriedUntilTheLastThenGivenUp(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            var run = Run.sample("r1", state: .completed)
            run.delivery = .pending
            try await stores.runs.finish(run, report: "report")
            let delivery = try #require(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.first)
            let retryAt = Date().addingTimeInterval(60)
            #expect(try await stores.deliveries.markFailed(id: delivery.id, run: run.id, error: "down", retryAt: retryAt, maxAttempts: 2) == false)
            let waiting = try await stores.deliveries.due(now: Date().addingTimeInterval(1))
            #expect(waiting.due.isEmpty)
            #expect(waiting.next.map { abs($0.timeIntervalSince(retryAt)) < 0.001 } == true)
            let again = try #require(try await stores.deliveries.due(now: retryAt).due.first)
            #expect(again.attempts == 1)
            #expect(try await stores.runs.run(run.id)?.delivery == .pending)

            #expect(try await stores.deliveries.markFailed(id: delivery.id, run: run.id, error: "still down", retryAt: retryAt, maxAttempts: 2))
            #expect(try await stores.deliveries.due(now: retryAt.addingTimeInterval(3600)).due.isEmpty)
            let stored = try await stores.runs.run(run.id)
            #expect(stored?.delivery == .deliveryFailed)
            #expect(stored?.deliveryError == "gave up after 2 attempts: still down")
            #expect(try await stores.count(
                "SELECT COUNT(*) FROM agent_deliveries WHERE state = 'delivery_failed' AND attempts = 2 AND last_error = 'still down'") == 1)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func failuresRecordedByTwoProcessesAtOnceBothCount(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            try await stores.deliveries.enqueue(run: RunID(rawValue: "r1"), report: "report")
            let delivery = try #require(try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due.first)
            let retryAt = Date()
            for _ in 1...5 {
                async let mine = stores.deliveries.markFailed(
                    id: delivery.id, run: delivery.run, error: "a", retryAt: retryAt, maxAttempts: 100)
                async let theirs = stores.rival.deliveries.markFailed(
                    id: delivery.id, run: delivery.run, error: "b", retryAt: retryAt, maxAttempts: 100)
                let (a, b) = try await (mine, theirs)
                #expect(!a && !b)
            }
            #expect(try await stores.deliveries.due(now: retryAt).due.first?.attempts == 10)
        }
    }

    @Test(arguments: RunStoreDriver.allCases)
    func onlyOldDeliveredRowsArePruned(_ driver: RunStoreDriver) async throws {
        try await driver.withStores { stores in
            for n in 1...3 { try await stores.deliveries.enqueue(run: RunID(rawValue: "r\(n)"), report: "report") }
            let due = try await stores.deliveries.due(now: Date().addingTimeInterval(1)).due
            #expect(due.count == 3)
            try await stores.deliveries.markDelivered(id: due[0].id, run: due[0].run)
            _ = try await stores.deliveries.markFailed(id: due[1].id, run: due[1].run, error: "down", retryAt: Date(), maxAttempts: 1)
            try await stores.deliveries.pruneDelivered(olderThan: 3600)
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_deliveries") == 3)
            try await stores.deliveries.pruneDelivered(olderThan: -1)
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_deliveries") == 2)
            #expect(try await stores.count("SELECT COUNT(*) FROM agent_deliveries WHERE state = 'delivered'") == 0)
        }
    }
}
