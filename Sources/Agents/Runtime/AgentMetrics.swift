import CoreMetrics
import TroupeMetrics

/// Turns and runs as monitoring sees them (see `MetricName`). Labels are agent and provider names, outcomes and
/// run states: never chats, users or text.
public final class AgentMetrics: Sendable {
    /// How a turn ended, as the `outcome` label says it.
    enum TurnOutcome: String {
        case finished, failed, stopped, interrupted
        case timedOut = "timed_out"
        /// Cut short by Troupe shutting down; the next start takes it up again.
        case suspended

        init(_ error: AgentError) {
            switch error.kind {
            case .stopped: self = .stopped
            case .interrupted: self = .interrupted
            case .timedOut: self = .timedOut
            default: self = .failed
            }
        }
    }

    private let turns: LabelledMetrics<CoreMetrics.Counter>
    private let turnDuration: LabelledMetrics<CoreMetrics.Timer>
    private let firstText: LabelledMetrics<CoreMetrics.Timer>
    private let runs: LabelledMetrics<CoreMetrics.Counter>
    private let activeRuns: LabelledMetrics<CoreMetrics.Gauge>

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        turns = LabelledMetrics(counter: MetricName.turns, labels: ["agent", "provider", "outcome"], limit: 512, factory: factory)
        turnDuration = LabelledMetrics(timer: MetricName.turnDurationSeconds, labels: ["agent", "provider"], limit: 128, factory: factory)
        firstText = LabelledMetrics(timer: MetricName.turnFirstTextSeconds, labels: ["agent", "provider"], limit: 128, factory: factory)
        runs = LabelledMetrics(counter: MetricName.runs, labels: ["state"], factory: factory)
        activeRuns = LabelledMetrics(gauge: MetricName.runsActive, labels: ["state"], factory: factory)
    }

    func turnEnded(agent: String, provider: String, outcome: TurnOutcome, duration: Duration?) {
        turns(agent, provider, outcome.rawValue).increment()
        if let duration { turnDuration(agent, provider).record(duration) }
    }

    func firstText(agent: String, provider: String, after delay: Duration) { firstText(agent, provider).record(delay) }

    /// A run entered `state`; `active` are the unfinished runs now, whose states the gauges show.
    func run(entered state: RunState, active: some Sequence<Run>) {
        runs(state.rawValue).increment()
        var counts: [RunState: Int] = [.accepted: 0, .queued: 0, .running: 0]
        for run in active where run.state.isActive { counts[run.state, default: 0] += 1 }
        for (state, count) in counts { activeRuns(state.rawValue).record(count) }
    }
}
