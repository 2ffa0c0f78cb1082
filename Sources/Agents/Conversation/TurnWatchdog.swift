import Foundation
import Retry

/// Enforces a turn's time limit: warns `warning` seconds before it, extends it
/// by `extension` while the tool keeps producing output, and never lets the
/// turn pass `maxDuration`. Runs beside the event loop so a silent tool is
/// caught as surely as a chatty one.
final class TurnWatchdog: Sendable {
    struct Limits: Sendable {
        var timeout: Double
        var warning: Double
        var `extension`: Double
        var maxDuration: Double
    }

    private let state: Locked<(lastOutput: ContinuousClock.Instant, expired: Bool)>
    private let task: Locked<Task<Void, Never>?> = Locked(nil)

    init(limits: Limits, onWarning: @escaping @Sendable (TurnNotice) -> Void, onExpire: @escaping @Sendable () -> Void) {
        let start = ContinuousClock.now
        let state = Locked((lastOutput: start, expired: false))
        self.state = state
        let watcher = Task {
            let hardDeadline = start + .seconds(limits.maxDuration)
            var deadline = min(start + .seconds(limits.timeout), hardDeadline)
            var warned = limits.warning <= 0
            while !Task.isCancelled {
                let now = ContinuousClock.now
                if now >= deadline {
                    let sinceOutput = now - state.current.lastOutput
                    if limits.extension > 0, sinceOutput <= .seconds(limits.extension), deadline < hardDeadline {
                        deadline = min(deadline + .seconds(limits.extension), hardDeadline)
                        warned = limits.warning <= 0
                        onWarning(.timeLimitMoved(by: Self.format(limits.extension)))
                        continue
                    }
                    state.withLock { $0.expired = true }
                    onExpire()
                    return
                }
                let warnAt = deadline - .seconds(limits.warning)
                if !warned && now >= warnAt {
                    warned = true
                    let left = Self.format((deadline - now).seconds)
                    onWarning(.stoppingSoon(in: left, unlessOutput: limits.extension > 0 && deadline < hardDeadline))
                    continue
                }
                let wake = warned ? deadline : min(warnAt, deadline)
                try? await Task.sleep(until: wake, clock: .continuous)
            }
        }
        task.withLock { $0 = watcher }
    }

    func noteOutput() { state.withLock { $0.lastOutput = ContinuousClock.now } }
    var expired: Bool { state.current.expired }
    func cancel() { task.current?.cancel() }

    static func format(_ seconds: Double) -> String {
        if seconds >= 120 { return "\(Int((seconds / 60).rounded())) min" }
        if seconds >= 1 { return "\(Int(seconds.rounded())) s" }
        return String(format: "%.1f s", seconds)
    }
}
