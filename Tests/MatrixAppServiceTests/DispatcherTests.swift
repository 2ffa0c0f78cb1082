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
