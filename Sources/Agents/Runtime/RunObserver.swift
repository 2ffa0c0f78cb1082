/// Hears when a tool run starts and ends: the bracket a per-run credential (the control API token) needs.
/// A run is one turn's provider run, retries included; `run` is the turn's id.
public protocol RunObserver: Sendable {
    /// Called before the tool starts; the returned variables are added to its environment.
    func runStarted(agent: String, chat: ChatKey, run: TurnID) async -> [String: String]
    /// Called once the tool has exited (finished, failed, stopped or timed out).
    func runEnded(run: TurnID) async
}
