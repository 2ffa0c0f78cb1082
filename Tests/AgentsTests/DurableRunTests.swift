import Foundation
import GRDB
import Testing
@testable import Agents

@Suite struct DurableRunTests {
    @Test func aChildsResultHandedToAWorkingParentSurvivesACrash() async throws {
        let temp = TempDirectory()
        let h = try RunHarness.make(temp: temp)
        try await h.manager.start(sink: RecordingSink())
        let updates = await h.manager.updates()
        let parent = try await h.spawn("hanger", "parent task")
        _ = try await waitFor(updates) { $0.state(parent.id, .running) }
        let child = try await h.spawn("worker", "child task", parent: parent.id)
        // Handed over: the parent is still working, so the result waits for its next turn.
        _ = try await waitFor(updates) { $0.delivery(child.id) }

        // The process dies; the next one finds the parent interrupted.
        let restarted = try RunHarness.make(database: h.database, temp: temp)
        let recovered = try await restarted.manager.start()
        #expect(recovered.map(\.id) == [parent.id])
        let report = try await h.database.read { db in
            try String.fetchOne(db, sql: "SELECT report FROM agent_deliveries WHERE run_id = ? ORDER BY id DESC LIMIT 1",
                                arguments: [parent.id.rawValue])
        }
        #expect(report?.contains("Run \(child.id) by agent worker: completed") == true)
        #expect(try await SQLiteRunPromptStore(writer: h.database).pending(run: parent.id).count == 1)
        await h.manager.shutdown()
        await restarted.manager.shutdown()
    }

    @Test func oldFinishedRunsArePrunedWithTheirChats() async throws {
        let h = try RunHarness.make()
        try await h.manager.start(sink: RecordingSink())
        let updates = await h.manager.updates()
        let run = try await h.spawn("worker", "a task")
        _ = try await waitFor(updates) { $0.delivery(run.id) }
        let store = SQLiteRunStore(writer: h.database)
        func count(_ table: String) throws -> Int {
            try h.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table) WHERE \(table == "agent_runs" ? "id" : "chat") = ?",
                                                    arguments: [table == "agent_runs" ? run.id.rawValue : run.chat.rawValue]) ?? 0 }
        }
        #expect(try count("agent_sessions") == 1)
        #expect(try await store.prune() == 0)  // within the retention and the count
        #expect(try count("agent_runs") == 1)
        #expect(try await store.prune(keep: 0) == 1)  // beyond the count
        #expect(try count("agent_runs") == 0)
        #expect(try count("agent_sessions") == 0)
        #expect(try count("agent_conversations") == 0)
        await h.manager.shutdown()
    }

    @Test func unfinishedRunsAreNeverPruned() async throws {
        let h = try RunHarness.make()
        try await h.manager.start(sink: RecordingSink())
        let updates = await h.manager.updates()
        let run = try await h.spawn("hanger", "a task")
        _ = try await waitFor(updates) { $0.state(run.id, .running) }
        #expect(try await SQLiteRunStore(writer: h.database).prune(retention: -1, keep: 0) == 0)
        await h.manager.shutdown()
    }
}
