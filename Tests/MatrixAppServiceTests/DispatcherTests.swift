import Foundation
import GRDB
import Testing
@testable import MatrixAppService

@Suite struct DispatcherTests {
    @Test func sectionsArriveInCryptoOrderAndStateFirst() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        let state = SQLiteStateStore(database)
        let handler = RecordingHandler(state: state)
        let dispatcher = Dispatcher(inbox: inbox, state: state, handlers: [handler], logger: quietLogger)
        let body = transactionBody(
            [messageEvent("$msg", sender: "@bob:localhost"), memberEvent("$join", user: "@bob:localhost", membership: "join")],
            extra: [
                "de.sorunome.msc2409.ephemeral": [["type": "m.typing", "room_id": "!room", "content": [:]]],
                "de.sorunome.msc2409.to_device": [["type": "m.dummy", "sender": "@a:x", "to_user_id": "@troupe_b:x", "to_device_id": "D", "content": [:]]],
                "org.matrix.msc3202.device_lists": ["changed": ["@a:x"]],
                "org.matrix.msc3202.device_one_time_keys_count": ["@troupe_b:x": ["D": ["signed_curve25519": 1]]],
            ])
        guard case .stored = try await inbox.enqueue(txnID: "1", body: body) else { Issue.record("not stored"); return }
        await dispatcher.drainUntilEmpty()
        #expect(await handler.log == ["to_device:1", "device_lists:1", "key_counts:1", "ephemeral:1", "timeline:$msg", "timeline:$join"])
        // The message precedes the join in the timeline, but state is applied before any handler runs.
        #expect(await handler.membershipSeen["$msg"] == .some(.join))
    }

    @Test func unfinishedTransactionsAreReplayedOnceAfterACrash() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        // The first process stored two transactions and died before dispatching them.
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$1")]))
        _ = try await inbox.enqueue(txnID: "2", body: transactionBody([messageEvent("$2"), messageEvent("$3")]))

        let handler = RecordingHandler()
        let restarted = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [handler], logger: quietLogger)
        await restarted.drainUntilEmpty()
        #expect(await handler.timeline.map(\.eventID) == ["$1", "$2", "$3"])

        // A second start finds nothing left to do.
        let again = RecordingHandler()
        await Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [again], logger: quietLogger).drainUntilEmpty()
        #expect(await again.timeline.isEmpty)
    }

    @Test func timelineEventsAreDeduplicatedAcrossTransactions() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        let handler = RecordingHandler()
        let dispatcher = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [handler], logger: quietLogger)
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$same")]))
        await dispatcher.drainUntilEmpty()
        // The homeserver restarted and re-sent the event in a transaction with a different id and body.
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$same"), messageEvent("$new")]))
        await dispatcher.drainUntilEmpty()
        #expect(await handler.timeline.map(\.eventID) == ["$same", "$new"])
    }

    @Test func heldInboxStoresButDoesNotDispatch() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        let handler = RecordingHandler()
        let dispatcher = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [handler], hold: true, logger: quietLogger)
        let id = try await inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$held")]))
        if case .stored(let rowID) = id {
            await dispatcher.submit(id: rowID, transaction: try Transaction.parse(transactionBody([messageEvent("$held")])))
        }
        #expect(await handler.timeline.isEmpty)
        #expect(try await inbox.pendingIDs().count == 1)
    }

    @Test func pruneDropsOnlyOldProcessedEntries() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        guard case .stored(let done) = try await inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$1")])) else { return }
        _ = try await inbox.enqueue(txnID: "2", body: transactionBody([messageEvent("$2")]))
        try await inbox.complete(id: done, seen: ["$1"])
        try await inbox.prune(before: Date().addingTimeInterval(60))
        #expect(try await inbox.pendingIDs().count == 1)
        #expect(try await inbox.entry(id: done) == nil)
    }
}

@Suite struct DispatcherResilienceTests {
    @Test func aStateEventThatCannotBeStoredIsSkippedAndTheRestHandled() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        let handler = RecordingHandler()
        let dispatcher = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [handler], logger: quietLogger)
        // 1e400 parses (as infinity) but cannot be written back as JSON: storing this power-levels state fails.
        let bad = #"{"type":"m.room.power_levels","event_id":"$pl","room_id":"!room","sender":"@m:x","state_key":"","content":{"users_default":1e400}}"#
        let body = #"{"events":[\#(bad),"# + String(decoding: try messageEvent("$after").jsonData(), as: UTF8.self) + "]}"
        _ = try await inbox.enqueue(txnID: "1", body: Data(body.utf8))
        // Before, the drain retried this transaction forever; bound the wait so a regression fails, not hangs.
        let drain = Task { await dispatcher.drainUntilEmpty() }
        let deadline = ContinuousClock.now + .seconds(20)
        while try await inbox.pendingIDs().count > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        drain.cancel()
        await drain.value
        #expect(await handler.timeline.map(\.eventID) == ["$after"])
        #expect(dispatcher.stats.failedEvents == 1)
        #expect(try await inbox.pendingIDs().isEmpty)
    }

    @Test func aTransactionThatNeverFinishesIsSkippedAfterThreeTries() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        guard case .stored(let poison) = try await inbox.enqueue(txnID: "1", body: transactionBody([messageEvent("$poison")])) else { return }
        _ = try await inbox.enqueue(txnID: "2", body: transactionBody([messageEvent("$next")]))
        // Three earlier starts each read it back and died while handling it.
        for _ in 0..<Dispatcher.maxReplays { _ = try await inbox.recordRead(id: poison) }
        let handler = RecordingHandler()
        let dispatcher = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [handler], logger: quietLogger)
        await dispatcher.drainUntilEmpty()
        #expect(await handler.timeline.map(\.eventID) == ["$next"])
        #expect(dispatcher.stats.poisonedTransactions == 1)
    }

    @Test func parsedTransactionsInMemoryStayWithinTheBudget() async throws {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        let handler = RecordingHandler()
        let dispatcher = Dispatcher(inbox: inbox, state: SQLiteStateStore(database), handlers: [handler],
                                    parsedBudgetBytes: 2_000, logger: quietLogger)
        // The endpoint outruns the dispatcher: 50 transactions arrive before it drains any.
        for index in 0..<50 {
            let body = transactionBody([messageEvent("$\(index)")])
            guard case .stored(let id) = try await inbox.enqueue(txnID: "\(index)", body: body) else { return }
            await dispatcher.submit(id: id, transaction: try Transaction.parse(body), bytes: body.count)
        }
        let held = await dispatcher.parsedInMemory
        #expect(held.bytes <= 2_000)
        #expect(held.count < 50)
        await dispatcher.drainUntilEmpty()
        // What memory did not hold was read back from the inbox: nothing lost, nothing left behind.
        #expect(await handler.timeline.count == 50)
        #expect(await dispatcher.parsedInMemory.count == 0)
    }
}
