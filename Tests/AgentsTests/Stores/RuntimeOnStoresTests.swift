@testable import Agents
import Testing

/// The runtime on each driver's stores: a turn's session, totals and stored answer outlive the runtime, and
/// `forget` and `removeAgent(purge:)` clear what they name.
@Suite struct RuntimeOnStoresTests {
    @Test(arguments: StoreDriver.allCases)
    func aConversationOutlivesItsRuntimeAndIsForgottenAndPurged(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let temp = TempDirectory()
            let first = try Harness.make(stores: db.stores, temp: temp)
            let turn = await first.runtime.submit(agent: "main", chat: "room1", text: "hello",
                                                  origin: TurnOrigin(key: "$event1", requester: "@alice:x"))
            let events = try await collect(turn)
            #expect(events.result?.text == "echo: hello")
            let session = try #require(await first.runtime.status(agent: "main", chat: "room1")?.sessionID)
            // The totals are stored just after the answer is shown.
            try await waitUntil { (try? await db.count("SELECT turns FROM agent_conversations WHERE chat = 'room1'")) == 1 }

            // A new runtime on the same database: the answer not confirmed delivered is handed out, not run again.
            let second = try Harness.make(stores: db.stores, temp: temp)
            let recovered = try await second.runtime.recoverInterruptedTurns()
            #expect(recovered.map(\.recovery) == [.deliver(answer: "echo: hello")])
            await second.runtime.turnDelivered(turn.id)
            let again = await second.runtime.submit(agent: "main", chat: "room1", text: "hello", origin: TurnOrigin(key: "$event1"))
            #expect(again.isDuplicate)
            let status = try #require(await second.runtime.status(agent: "main", chat: "room1"))
            #expect(status.sessionID == session)
            #expect(status.turns == 1)

            try await second.runtime.forget(chat: "room1")
            #expect(try await db.count("SELECT COUNT(*) FROM agent_sessions") == 0)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_conversations") == 0)

            try await second.runtime.addAgent("helper", AgentDefinition(provider: "claude"))
            let helperEvents = try await collect(await second.runtime.submit(agent: "helper", chat: "room2", text: "hi"))
            #expect(helperEvents.result?.text == "echo: hi")
            #expect(try await db.count("SELECT COUNT(*) FROM agent_sessions WHERE agent = 'helper'") == 1)
            try await second.runtime.removeAgent("helper", purge: true)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_sessions WHERE agent = 'helper'") == 0)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns WHERE agent = 'helper'") == 0)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_agents WHERE name = 'helper'") == 0)
            // Run-time agents live in the database: a third runtime does not know the removed one.
            let third = try Harness.make(stores: db.stores, temp: temp)
            #expect(await third.runtime.agents().keys.sorted() == ["main"])
        }
    }
}
