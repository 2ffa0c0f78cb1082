import Agents

/// Texts about work that goes on outside a chat's turns: run states and ends, deliveries that fell back, automated
/// turns whose chat is gone, Telegram mirror rooms, and the rooms Troupe creates.
extension Localizer {
    func runState(_ state: RunState) -> String {
        switch state {
        case .accepted: self(.stateAccepted)
        case .queued: self(.stateQueued)
        case .running: self(.stateRunning)
        case .completed: self(.stateCompleted)
        case .failed: self(.stateFailed)
        case .timedOut: self(.stateTimedOut)
        case .cancelled: self(.stateCancelled)
        case .interrupted: self(.stateInterrupted)
        }
    }

    func runEnded(_ run: String, worker: String, state: RunState) -> String {
        self(.runEnded, ["run": run, "worker": worker, "state": runState(state)])
    }

    func delivery(_ failure: DeliveryFailure) -> String {
        switch failure {
        case .noTransport(let chat): self(.deliveryNoTransport, ["chat": chat.rawValue])
        case .failed(let detail): detail
        }
    }

    func automatedLabel(_ source: AutomatedTurn.Source) -> String {
        switch source {
        case .job(let id): "⏰ \(id)"
        case .heartbeat: "💓 " + self(.heartbeatLabel)
        case .webhook(let name): "🪝 \(name)"
        }
    }

    func automatedMoved(_ source: AutomatedTurn.Source, chat: String) -> String {
        let name = switch source {
        case .job(let id): self(.automatedJob, ["id": id])
        case .heartbeat: self(.automatedHeartbeat)
        case .webhook(let name): self(.automatedWebhook, ["name": name])
        }
        return self(.automatedMoved, ["name": name, "chat": chat])
    }

    func portalTopic(_ chat: String) -> String { self(.portalTopic, ["chat": chat]) }
    func portalThread(_ thread: String) -> String { self(.portalThread, ["thread": thread]) }
    var portalPhoto: String { self(.portalPhoto) }
    var portalUnreadable: String { self(.portalUnreadable) }
    /// A Telegram chat in `!where`.
    func telegramChat(_ id: String) -> String { self(.telegramChat, ["id": id]) }
    /// A new agent room's topic, when the agent's prompt gives no role.
    func agentRoomTopic(_ agent: String, provider: String) -> String { self(.agentRoomTopic, ["agent": agent, "provider": provider]) }
}
