import Synchronization

/// The agents configuration in force, shared by the runtime and every conversation; a reload replaces it.
final class CurrentConfiguration: Sendable {
    private let value: Mutex<AgentsConfiguration>

    init(_ configuration: AgentsConfiguration) { value = Mutex(configuration) }

    var configuration: AgentsConfiguration { value.withLock { $0 } }

    func replace(_ configuration: AgentsConfiguration) { value.withLock { $0 = configuration } }
}
