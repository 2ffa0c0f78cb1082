@testable import Agents
import Testing

@Suite struct AgentsMaintenanceConformanceTests {
    /// Something in every table `forget` and `purge` clear, for two agents in two chats.
    private static func fill(_ db: StoreDriver.Database) async throws {
        for agent in ["main", "helper"] {
            for chat: ChatKey in ["room1", "room2"] {
                try await db.stores.sessions.set("S", agent: agent, chat: chat, provider: "claude")
                try await db.stores.conversations.save(ConversationRecord(turns: 1), agent: agent, chat: chat)
                try await db.stores.history.append([HistoryMessage(role: .user, content: "hi")], agent: agent, chat: chat, session: "S")
                _ = try await db.turns("a").insertQueued(id: TurnID(rawValue: "\(agent)-\(chat)"), agent: agent, chat: chat,
                                                      provider: "claude", prompt: "hi")
            }
            try await db.execute("""
                INSERT INTO agent_runs (id, depth, routing_agent, routing_chat, root_chat, task, agent, state, timeout, delivery, created_at)
                VALUES ('run-\(agent)', 0, '\(agent)', 'room1', 'room1', 'task', '\(agent)', 'running', 60, 'pending', 0)
                """)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func forgettingAChatDropsEveryAgentsSessionsTotalsAndHistoryThere(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            try await Self.fill(db)
            try await db.stores.maintenance.forget(chat: "room1")
            for table in AgentsTables.perChat {
                #expect(try await db.count("SELECT COUNT(*) FROM \(table) WHERE chat = 'room1'") == 0, "\(table)")
                #expect(try await db.count("SELECT COUNT(*) FROM \(table) WHERE chat = 'room2'") == 2, "\(table)")
            }
            // Turns are the record of what was handled: they stay.
            #expect(try await db.count("SELECT COUNT(*) FROM agent_turns") == 4)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func purgingAnAgentDropsEverythingStoredAboutIt(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            try await Self.fill(db)
            try await db.stores.maintenance.purge(agent: "helper")
            for table in AgentsTables.perAgent {
                #expect(try await db.count("SELECT COUNT(*) FROM \(table) WHERE agent = 'helper'") == 0, "\(table)")
                #expect(try await db.count("SELECT COUNT(*) FROM \(table) WHERE agent = 'main'") > 0, "\(table)")
            }
        }
    }
}
