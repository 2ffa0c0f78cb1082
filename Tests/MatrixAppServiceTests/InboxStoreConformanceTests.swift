import Foundation
@testable import MatrixAppService
import Testing

/// What the dispatcher and the endpoint rely on from any `InboxStore`, on SQLite and on PostgreSQL.
@Suite struct InboxStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func aRetriedTransactionIsStoredOnce(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores in
            let body = transactionBody([messageEvent("$a")])
            guard case .stored(let id) = try await stores.inbox.enqueue(txnID: "1", body: body) else {
                Issue.record("the first copy was not stored")
                return
            }
            #expect(try await stores.inbox.enqueue(txnID: "1", body: body) == .duplicate)
            #expect(try await stores.inbox.pendingIDs() == [id])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aReusedIDWithAnotherBodyIsANewTransaction(_ driver: StoreDriver) async throws {
        // Synapse numbers transactions from 1 again after a restart.
        try await driver.withStores { stores in
            let first = try await stores.inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$a")]))
            let second = try await stores.inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$b")]))
            guard case .stored(let a) = first, case .stored(let b) = second else {
                Issue.record("expected two stored entries, got \(first) and \(second)")
                return
            }
            #expect(a < b)
            #expect(try await stores.inbox.pendingIDs() == [a, b])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func anEntryReadsBackByteForByte(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores in
            let body = Data([0x00, 0xFF, 0x7B, 0x22, 0xC3, 0x28]) + transactionBody([messageEvent("$a", body: "héllo 👋")])
            let before = Date()
            guard case .stored(let id) = try await stores.inbox.enqueue(txnID: "txn/ü", body: body) else {
                Issue.record("not stored")
                return
            }
            let entry = try #require(try await stores.inbox.entry(id: id))
            #expect(entry.id == id)
            #expect(entry.txnID == "txn/ü")
            #expect(entry.body == body)
            let received = try #require(entry.receivedAt)
            #expect(abs(received.timeIntervalSince(before)) < 5)
            #expect(try await stores.inbox.entry(id: id + 1000) == nil)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func readsAreCounted(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores in
            guard case .stored(let id) = try await stores.inbox.enqueue(txnID: "1", body: transactionBody([])) else {
                Issue.record("not stored")
                return
            }
            #expect(try await stores.inbox.recordRead(id: id) == 1)
            #expect(try await stores.inbox.recordRead(id: id) == 2)
            #expect(try await stores.inbox.recordRead(id: id) == 3)
            #expect(try await stores.inbox.recordRead(id: id + 1000) == 1)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func completingMarksTheEventsSeenAndTheEntryProcessed(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores in
            var ids: [Int64] = []
            for n in 1...3 {
                if case .stored(let id) = try await stores.inbox.enqueue(txnID: "\(n)", body: transactionBody([messageEvent("$\(n)")])) {
                    ids.append(id)
                }
            }
            #expect(ids.count == 3)
            let events: [EventID] = ["$1", "$2", "$3"].map { EventID($0) }
            #expect(try await stores.inbox.unseen(events) == Set(events))
            #expect(try await stores.inbox.unseen([]) == [])

            try await stores.inbox.complete(id: ids[1], seen: [EventID("$2"), EventID("$2"), EventID("$x")])
            #expect(try await stores.inbox.pendingIDs() == [ids[0], ids[2]])
            #expect(try await stores.inbox.unseen(events) == [EventID("$1"), EventID("$3")])
            // Seen twice (a replayed transaction) is not an error.
            try await stores.inbox.complete(id: ids[0], seen: [EventID("$1"), EventID("$2")])
            try await stores.inbox.complete(id: ids[2], seen: [])
            #expect(try await stores.inbox.pendingIDs() == [])
            #expect(try await stores.inbox.unseen(events + [EventID("$x")]) == [EventID("$3")])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func pruningDropsOnlyWhatWasProcessedBeforeTheCutoff(_ driver: StoreDriver) async throws {
        try await driver.withStores { stores in
            guard case .stored(let done) = try await stores.inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$1")])),
                  case .stored(let waiting) = try await stores.inbox.enqueue(txnID: "2", body: transactionBody([messageEvent("$2")]))
            else {
                Issue.record("not stored")
                return
            }
            try await stores.inbox.complete(id: done, seen: [EventID("$1")])

            try await stores.inbox.prune(before: Date().addingTimeInterval(-3600))
            #expect(try await stores.inbox.entry(id: done) != nil)
            #expect(try await stores.inbox.unseen([EventID("$1")]) == [])

            try await stores.inbox.prune(before: Date().addingTimeInterval(3600))
            #expect(try await stores.inbox.entry(id: done) == nil)
            #expect(try await stores.inbox.entry(id: waiting) != nil)
            #expect(try await stores.inbox.pendingIDs() == [waiting])
            #expect(try await stores.inbox.unseen([EventID("$1")]) == [EventID("$1")])
            // The same transaction arriving again after pruning is new again.
            #expect(try await stores.inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$1")])) != .duplicate)
        }
    }
}
