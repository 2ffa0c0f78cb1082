import Foundation

extension RunManager {
    /// Starts queued runs while slots are free under `max_concurrent`.
    func pump() {
        guard !stopped else { return }
        while executors.count < settings.maxConcurrent, !queue.isEmpty {
            let id = queue.removeFirst()
            guard active[id] != nil else { continue }
            executors[id] = Task { await self.execute(id) }
        }
    }

    /// One run from start to final state: its task, then any steers and children's results, each a turn
    /// in the run's own chat, under the run's timeout and token budget.
    func execute(_ id: RunID) async {
        guard var run = active[id] else { return }
        run.state = .running
        run.startedAt = Date()
        active[id] = run
        try? await store.save(run)
        noteState(.running)
        publish(.state(run))
        timers[id] = Task { [timeout = run.timeout] in
            try? await Task.sleep(for: .seconds(timeout))
            guard !Task.isCancelled else { return }
            await self.expire(id)
        }

        // A run's chat starts with no overrides, so only the ones asked for need setting.
        do {
            if let provider = run.provider { try await runtime.setProvider(provider, agent: run.agent, chat: run.chat) }
            if let model = run.model { try await runtime.setModel(model, agent: run.agent, chat: run.chat) }
        } catch {
            await finish(id, .failed, failure: .configuration(detail: "\(error)"))
            return
        }

        var prompt: String? = resumedRuns.remove(id) != nil ? RunPrompts.resumed(run) : RunPrompts.task(run)
        var failure: AgentError?
        while let next = prompt, endRequests[id] == nil {
            let turn = await runtime.submit(agent: run.agent, chat: run.chat, text: next)
            // A kill may have landed while the turn was being queued; the stop then catches the new turn.
            if endRequests[id] != nil { await runtime.stop(agent: run.agent, chat: run.chat) }
            for await event in turn.events {
                switch event {
                case .finished(let result):
                    account(id, result)
                case .failed(let error):
                    failure = error
                case .text, .toolUse, .status:
                    publish(.progress(id, event))
                default:
                    break
                }
            }
            // Done with: a stored child's result or steer is not read again by a resumed run.
            try? await prompts.remove(next, run: id)
            if failure != nil || overBudget(id) { break }
            prompt = pendingPrompts[id]?.isEmpty == false ? pendingPrompts[id]!.removeFirst() : nil
        }

        // Shutting down: leave the run unfinished in the store, so the next start reports it interrupted.
        guard !stopped else { return }
        // From here on the run takes no more prompts; a child's result arriving now resumes it as a finished run.
        closing.insert(id)
        let (state, reason) = finalState(id, failure: failure)
        await finish(id, state, failure: reason)
    }

    private func account(_ id: RunID, _ result: TurnResult) {
        guard var run = active[id] else { return }
        run.result = result.text
        run.usage = run.usage + result.usage
        run.costUSD += result.costUSD ?? 0
        active[id] = run
    }

    private func overBudget(_ id: RunID) -> Bool {
        guard let run = active[id], let budget = run.tokenBudget else { return false }
        return run.usage.inputTokens + run.usage.outputTokens > budget
    }

    private func finalState(_ id: RunID, failure: AgentError?) -> (RunState, RunFailure?) {
        if let requested = endRequests[id] {
            return requested == .timedOut ? (.timedOut, .timedOut(seconds: Int(active[id]?.timeout ?? 0))) : (requested, .killed)
        }
        if let failure {
            switch failure.kind {
            case .timedOut: return (.timedOut, .agent(failure.reason))
            case .stopped: return (.cancelled, .agent(failure.reason))
            default: return (.failed, .agent(failure.reason))
            }
        }
        if let run = active[id], let budget = run.tokenBudget, overBudget(id) {
            return (.failed, .overBudget(used: run.usage.inputTokens + run.usage.outputTokens, budget: budget))
        }
        return (.completed, nil)
    }

    /// The run's timeout fired: stop its process tree; the executor records `timed_out`.
    func expire(_ id: RunID) async {
        guard let run = active[id], endRequests[id] == nil else { return }
        endRequests[id] = .timedOut
        logger.notice("run timed out", metadata: ["run_id": "\(id)", "timeout": "\(run.timeout)"])
        await runtime.stop(agent: run.agent, chat: run.chat)
    }

    /// Sets the final state, once: a later call for the same run does nothing. Queues the result for
    /// the requester in the same transaction, so it cannot be lost between the two.
    func finish(_ id: RunID, _ state: RunState, failure: RunFailure?) async {
        guard var run = active[id], run.state.isActive else { return }
        run.state = state
        run.error = failure?.english
        run.failure = failure
        run.finishedAt = Date()
        let cancelledQuietly = state == .cancelled && !notifyOnCancel.contains(id)
        run.delivery = cancelledQuietly ? .none : .pending
        // Final in memory before the first await, so a second caller finds it final and does nothing.
        active[id] = run
        let report = RunPrompts.report(run, workspace: await runtime.workspace(of: run.agent))
        do {
            try await store.finish(run, report: run.delivery == .pending ? report : nil)
        } catch {
            logger.error("could not store finished run", metadata: ["run_id": "\(id)", "error": "\(error)"])
        }
        active[id] = nil
        executors[id] = nil
        timers.removeValue(forKey: id)?.cancel()
        endRequests[id] = nil
        notifyOnCancel.remove(id)
        pendingPrompts[id] = nil
        try? await prompts.clear(run: id)
        closing.remove(id)
        logger.info("run finished", metadata: ["run_id": "\(id)", "state": "\(state.rawValue)"])
        noteState(state)
        publish(.state(run))
        for waiter in finishWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: run) }
        wake()
        pump()
    }
}
