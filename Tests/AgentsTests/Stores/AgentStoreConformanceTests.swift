@testable import Agents
import Testing

@Suite struct AgentStoreConformanceTests {
    @Test(arguments: StoreDriver.allCases)
    func runtimeAgentsAreSavedReplacedAndRemoved(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.agents
            #expect(try await store.runtimeAgents().isEmpty)
            let helper = AgentDefinition(provider: "codex", model: "gpt-5", env: ["A": "1"], allowedProviders: ["claude"])
            try await store.saveRuntimeAgent("helper", helper)
            try await store.saveRuntimeAgent("other", AgentDefinition())
            #expect(try await store.runtimeAgents() == ["helper": helper, "other": AgentDefinition()])
            let changed = AgentDefinition(provider: "gemini")
            try await store.saveRuntimeAgent("helper", changed)
            #expect(try await store.runtimeAgents()["helper"] == changed)
            try await store.removeRuntimeAgent("helper")
            #expect(try await store.runtimeAgents() == ["other": AgentDefinition()])
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func configuredAgentsAreMirroredAndLeaveRuntimeOnesAlone(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            let store = db.stores.agents
            try await store.saveRuntimeAgent("added", AgentDefinition(provider: "codex"))
            try await store.syncConfigured(["main": AgentDefinition(), "old": AgentDefinition(), "added": AgentDefinition()])
            try await store.syncConfigured(["main": AgentDefinition(provider: "gemini"), "new": AgentDefinition()])
            #expect(try await db.count("SELECT COUNT(*) FROM agent_agents WHERE source = 'config'") == 2)
            #expect(try await db.count("SELECT COUNT(*) FROM agent_agents WHERE source = 'config' AND definition LIKE '%gemini%'") == 1)
            // A configured agent never shows as a run-time one, and a run-time one is not replaced by the mirror.
            #expect(try await store.runtimeAgents() == ["added": AgentDefinition(provider: "codex")])
            try await store.removeRuntimeAgent("main")
            #expect(try await db.count("SELECT COUNT(*) FROM agent_agents WHERE name = 'main'") == 1)
            try await store.syncConfigured([:])
            #expect(try await db.count("SELECT COUNT(*) FROM agent_agents") == 1)
        }
    }

    @Test(arguments: StoreDriver.allCases)
    func aStoredDefinitionThatNoLongerDecodesIsLeftOut(driver: StoreDriver) async throws {
        try await driver.withDatabase { db in
            try await db.execute("INSERT INTO agent_agents (name, definition, source, updated_at) VALUES ('broken', '{\"provider\": 3}', 'runtime', 0)")
            try await db.stores.agents.saveRuntimeAgent("fine", AgentDefinition())
            #expect(try await db.stores.agents.runtimeAgents() == ["fine": AgentDefinition()])
        }
    }
}
