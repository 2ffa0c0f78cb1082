import Foundation

/// Why a run failed, timed out, was cancelled or interrupted, kept typed (in `agent_runs.failure`, as JSON) so a
/// transport can say it in the chat's language; `english` is what the requesting agent and the logs read.
public enum RunFailure: Sendable, Equatable, Codable {
    /// Its turn failed.
    case agent(AgentError.Reason)
    /// Its provider or model could not be set; `detail` is the raw error.
    case configuration(detail: String)
    case killedBeforeStart
    case killed
    case timedOut(seconds: Int)
    case overBudget(used: Int, budget: Int)
    case restartedWhileWorking
    case restartedBeforeStart

    public var english: String {
        switch self {
        case .agent(let reason): AgentError(reason).message
        case .configuration(let detail): "Could not configure the run: \(detail)"
        case .killedBeforeStart: "Killed before it started."
        case .killed: "Killed."
        case .timedOut(let seconds): "Stopped after its run timeout of \(seconds) s."
        case .overBudget(let used, let budget): "Used \(used) tokens, over its budget of \(budget); later instructions were not run."
        case .restartedWhileWorking: "Troupe restarted while this run was working."
        case .restartedBeforeStart: "Troupe restarted before this run started."
        }
    }

    /// The stored form: JSON; nil for a run without one.
    static func encoded(_ failure: RunFailure?) -> String? {
        guard let failure, let data = try? JSONEncoder().encode(failure) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A stored failure; nil for none, and for one this build cannot read (the English `error` is shown then).
    static func decoded(_ text: String?) -> RunFailure? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(RunFailure.self, from: Data(text.utf8))
    }
}
