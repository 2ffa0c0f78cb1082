extension AgentsConfiguration {
    /// What `provider`'s CLI finds in its environment when started for the agents that use it, given Troupe's
    /// own `parent` environment: `troupe doctor` looks for API keys where the tool will.
    public func environment(of provider: ResolvedProvider, parent: [String: String]) -> [String: String] {
        var combined = AgentDefinition(provider: provider.name)
        for agent in agents.values where agent.provider == provider.name {
            combined.passEnv += agent.passEnv
            combined.env.merge(agent.env) { first, _ in first }
        }
        return ChildEnvironment.build(parent: parent, provider: provider.settings, agent: combined, troupe: [:])
    }
}
