/// The one place run limits are counted. Spawn, resume and start-up all ask `admit` with the same
/// snapshot of unfinished runs, so a queued or accepted run holds its place as firmly as a running one.
struct RunLimits: Sendable {
    let settings: RunSettings

    /// Throws `RunError(.limit)` naming the config key if `candidate` would break a limit.
    /// - Parameter active: every unfinished run except the candidate itself.
    func admit(_ candidate: Run, active: [Run]) throws {
        let s = settings
        if candidate.depth > s.maxDepth {
            throw RunError(.limit, "a run at depth \(candidate.depth) is deeper than runtime.runs.max_depth (\(s.maxDepth)); do the work yourself or report back to your parent")
        }
        if active.count + 1 > s.maxTotal {
            throw RunError(.limit, "\(active.count) runs are unfinished, the most runtime.runs.max_total (\(s.maxTotal)) allows; wait for one to finish or kill one")
        }
        if let parent = candidate.parent {
            let children = active.filter { $0.parent == parent }.count
            if children + 1 > s.maxChildren {
                throw RunError(.limit, "run \(parent) already has \(children) unfinished children, the most runtime.runs.max_children (\(s.maxChildren)) allows")
            }
        }
        let inChat = active.filter { $0.rootChat == candidate.rootChat }
        if inChat.count + 1 > s.maxActivePerChat {
            throw RunError(.limit, "this chat has \(inChat.count) unfinished runs, the most runtime.runs.max_active_per_chat (\(s.maxActivePerChat)) allows")
        }
        if candidate.timeout > s.runTimeout {
            throw RunError(.limit, "timeout \(Int(candidate.timeout)) s is above runtime.runs.run_timeout (\(Int(s.runTimeout)) s)")
        }
        if let budget = candidate.tokenBudget, let ceiling = s.tokenBudget, budget > ceiling {
            throw RunError(.limit, "token budget \(budget) is above runtime.runs.token_budget (\(ceiling))")
        }
    }

    /// A move of `candidate` (already re-parented) whose unfinished subtree reaches `deepest` after the move.
    func admitMove(_ candidate: Run, deepest: Int, active: [Run]) throws {
        if deepest > settings.maxDepth {
            throw RunError(.limit, "the moved runs would reach depth \(deepest), deeper than runtime.runs.max_depth (\(settings.maxDepth))")
        }
        try admit(candidate, active: active)
    }
}
