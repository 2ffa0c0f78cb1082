import Foundation
import Retry

extension RunManager {
    /// Hands every due delivery to `deliver`, then sleeps until the next one falls due or something new arrives.
    func runDeliveries() async {
        while !stopped, !Task.isCancelled {
            var next: Date?
            if sink != nil {
                do {
                    let found = try await deliveries.due(now: Date())
                    next = found.next
                    for delivery in found.due where deliveringNow.insert(delivery.id).inserted {
                        Task { await self.deliver(delivery) }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("could not read the delivery queue", metadata: ["error": "\(error)"])
                    next = Date().addingTimeInterval(max(settings.deliveryBackoff, 1))
                }
            }
            await waitForWake(until: next)
        }
    }

    func wake() {
        if let continuation = wakeContinuation {
            wakeContinuation = nil
            continuation.resume()
        } else {
            wakePending = true
        }
    }

    private func waitForWake(until date: Date?) async {
        if wakePending {
            wakePending = false
            return
        }
        let timer = date.map { date in
            Task {
                try? await Task.sleep(for: .seconds(max(0, date.timeIntervalSinceNow)))
                if !Task.isCancelled { self.wake() }
            }
        }
        await withCheckedContinuation { wakeContinuation = $0 }
        timer?.cancel()
    }

    /// One attempt. A nested run's result goes to its parent's session; a top-level one resumes the
    /// requester's *current* session in its chat (whatever `new` or a provider switch made it), and the
    /// requester's reply goes to the sink with the routing captured at spawn.
    private func deliver(_ delivery: PendingDelivery) async {
        defer {
            deliveringNow.remove(delivery.id)
            wake()
        }
        do {
            guard let run = try await store.run(delivery.run) else {
                throw RunError(.notFound, "run \(delivery.run) is gone from the store")
            }
            if let parentID = run.parent {
                try await deliverToParent(parentID, report: delivery.report, delivery: delivery.id)
            } else {
                var answer = delivery.answer
                if answer == nil {
                    let reply = try await self.answer(agent: run.routing.agent, chat: run.routing.chat, prompt: RunPrompts.deliver(delivery.report))
                    try await deliveries.saveAnswer(reply, id: delivery.id)
                    answer = reply
                }
                guard let sink else { throw RunError(.conflict, "no transport is attached to deliver results") }
                try await sink.deliver(RunResultDelivery(
                    id: delivery.id, run: run.id, worker: run.agent, state: run.state, routing: run.routing, text: answer ?? "", report: delivery.report))
            }
            try await deliveries.markDelivered(id: delivery.id, run: run.id)
            if let run = try await store.run(delivery.run) { publish(.delivery(run)) }
        } catch {
            let wait = settings.deliverySchedule.delay(afterAttempt: delivery.attempts + 1)
            do {
                let gaveUp = try await deliveries.markFailed(
                    id: delivery.id, run: delivery.run, error: "\(error)", retryAt: Date().addingTimeInterval(wait.seconds),
                    maxAttempts: settings.deliveryAttempts)
                logger.notice(gaveUp ? "gave up delivering a run result" : "run result not delivered; will retry", metadata: [
                    "run_id": "\(delivery.run)", "attempt": "\(delivery.attempts + 1)", "error": "\(error)"])
                if gaveUp, let run = try await store.run(delivery.run) { publish(.delivery(run)) }
            } catch {
                logger.error("could not record a failed delivery", metadata: ["run_id": "\(delivery.run)", "error": "\(error)"])
            }
        }
    }

    /// An unfinished parent reads the result as its next instruction; a finished one is resumed in its own
    /// chat, and its reply travels on up as the parent's follow-up.
    private func deliverToParent(_ parentID: RunID, report: String, delivery: Int64) async throws {
        if active[parentID] != nil, !closing.contains(parentID) {
            // Stored before the delivery counts as done: a crash before the parent reads it must not lose it.
            let prompt = RunPrompts.deliver(report)
            try await prompts.add(prompt, run: parentID, delivery: delivery)
            if active[parentID] != nil, !closing.contains(parentID) {
                pendingPrompts[parentID, default: []].append(prompt)
                return
            }
            try await prompts.remove(prompt, run: parentID)
        }
        guard let parent = try await store.run(parentID) else { throw RunError(.notFound, "parent run \(parentID) is gone from the store") }
        let reply = try await answer(agent: parent.agent, chat: parent.chat, prompt: RunPrompts.deliver(report))
        try await deliveries.enqueue(run: parentID, report: RunPrompts.followUp(parent, answer: reply))
    }
}
