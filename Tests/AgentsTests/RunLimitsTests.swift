import Foundation
import Testing
@testable import Agents

/// The admission rules alone, on hand-made runs: no processes, no store.
@Suite struct RunLimitsTests {
    private func run(_ id: String, parent: String? = nil, depth: Int = 1, chat: ChatKey = "matrix:!a", state: RunState = .queued,
                     timeout: Double = 60, budget: Int? = nil) -> Run {
        Run(id: RunID(rawValue: id), parent: parent.map(RunID.init(rawValue:)), depth: depth,
            routing: RunRouting(agent: "main", chat: parent.map { Run.chat(for: RunID(rawValue: $0)) } ?? chat), rootChat: chat,
            task: "t", agent: "main", role: nil, provider: nil, model: nil, state: state, result: nil, error: nil, usage: .zero,
            costUSD: 0, timeout: timeout, tokenBudget: budget, delivery: .none, deliveryError: nil, createdAt: Date(),
            startedAt: nil, finishedAt: nil)
    }

    private func refusal(_ limits: RunLimits, _ candidate: Run, _ active: [Run]) -> String? {
        do {
            try limits.admit(candidate, active: active)
            return nil
        } catch let error as RunError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func nestedRunsCountTowardTheChatTheChainStartedIn() {
        let limits = RunLimits(settings: RunSettings(maxActivePerChat: 2, maxDepth: 5, maxChildren: 5))
        let active = [run("r1"), run("r2", parent: "r1", depth: 2)]
        #expect(refusal(limits, run("r3", parent: "r2", depth: 3), active)?.contains("max_active_per_chat") == true)
        #expect(refusal(limits, run("r4", chat: "matrix:!b"), active) == nil)
    }

    @Test func queuedAndAcceptedRunsHoldTheirPlaceLikeRunningOnes() {
        let limits = RunLimits(settings: RunSettings(maxTotal: 3))
        let active = [run("r1", state: .accepted), run("r2", state: .queued), run("r3", state: .running)]
        #expect(refusal(limits, run("r4", chat: "matrix:!other"), active)?.contains("max_total (3)") == true)
    }

    @Test func timeoutAndBudgetMayNotExceedTheConfiguredCeilings() {
        let limits = RunLimits(settings: RunSettings(runTimeout: 100, tokenBudget: 1000))
        #expect(refusal(limits, run("r1", timeout: 101), [])?.contains("run_timeout") == true)
        #expect(refusal(limits, run("r1", budget: 1001), [])?.contains("token_budget") == true)
        #expect(refusal(limits, run("r1", timeout: 100, budget: 1000), []) == nil)
    }

    @Test func aMoveIsRefusedWhenItsSubtreeWouldBeTooDeep() {
        let limits = RunLimits(settings: RunSettings(maxDepth: 3))
        #expect(throws: RunError.self) { try limits.admitMove(run("r1", parent: "r9", depth: 2), deepest: 4, active: []) }
        #expect(throws: Never.self) { try limits.admitMove(run("r1", parent: "r9", depth: 2), deepest: 3, active: []) }
    }
}
