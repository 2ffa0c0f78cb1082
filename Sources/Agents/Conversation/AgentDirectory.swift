/// The current set of agents: the configured ones plus any added at run time
/// (persisted). Shared by the runtime and every conversation so a change is
/// seen by the next turn without restarting anything.
actor AgentDirectory {
    private let configured: [String: AgentDefinition]
    private var added: [String: AgentDefinition] = [:]
    private var loaded = false
    private let store: AgentStore

    init(configured: [String: AgentDefinition], store: AgentStore) {
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

    func remove(_ name: String) async throws {
        await loadIfNeeded()
        try await store.removeRuntimeAgent(name)
        added[name] = nil
    }
}
