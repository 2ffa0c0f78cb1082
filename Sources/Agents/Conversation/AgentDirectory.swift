/// The current set of agents: the configured ones plus any added at run time
/// (persisted). Shared by the runtime and every conversation so a change is
/// seen by the next turn without restarting anything.
actor AgentDirectory {
    private var configured: [String: AgentDefinition]
    private var added: [String: AgentDefinition] = [:]
    private var loaded = false
    private let store: any AgentStore

    init(configured: [String: AgentDefinition], store: any AgentStore) {
        self.configured = configured
        self.store = store
    }

    private func loadIfNeeded() async {
        guard !loaded else { return }
        loaded = true
        try? await store.syncConfigured(configured)
        if let runtime = try? await store.runtimeAgents() {
            // Config wins over a run-time agent of the same name.
            added = runtime.filter { configured[$0.key] == nil }
        }
    }

    func all() async -> [String: AgentDefinition] {
        await loadIfNeeded()
        return configured.merging(added) { config, _ in config }
    }

    func definition(_ name: String) async -> AgentDefinition? {
        await loadIfNeeded()
        return configured[name] ?? added[name]
    }

    func isConfigured(_ name: String) -> Bool { configured[name] != nil }

    func add(_ name: String, _ definition: AgentDefinition) async throws {
        await loadIfNeeded()
        try await store.saveRuntimeAgent(name, definition)
        added[name] = definition
    }

    /// A reloaded config's agents replace the configured ones; a run-time agent of a name the config now takes is
    /// shadowed, as at start-up. Returns the names that are gone entirely.
    func reconfigure(_ agents: [String: AgentDefinition]) async -> [String] {
        await loadIfNeeded()
        let before = Set(configured.keys).union(added.keys)
        configured = agents
        try? await store.syncConfigured(agents)
        return before.subtracting(configured.keys).subtracting(added.keys).sorted()
    }

    func remove(_ name: String) async throws {
        await loadIfNeeded()
        try await store.removeRuntimeAgent(name)
        added[name] = nil
    }
}
