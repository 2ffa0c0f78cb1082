import Agents
import Foundation
import Logging
import MatrixAppService

/// Makes runs visible where their worker lives: when agent X starts a run it posts "working on: …" in X's
/// own room (as X), with a link back to the room that asked, and edits that notice with the outcome.
actor MatrixRunNotices {
    let presence: AgentPresence
    let logger: Logger
    private var notices: [RunID: Notice] = [:]
    private struct Notice {
        var worker: UserID
        var room: RoomID
        var event: EventID
        var header: String
    }
    private var lastProgress: [RunID: ContinuousClock.Instant] = [:]

    init(presence: AgentPresence, logger: Logger) {
        self.presence = presence
        self.logger = logger
    }

    /// Follows the run manager's updates until it stops.
    func follow(_ updates: AsyncStream<RunUpdate>) async {
        for await update in updates {
            switch update {
            case .state(let run) where run.state == .running:
                await started(run)
            case .state(let run) where !run.state.isActive:
                await ended(run)
            case .progress(let id, .toolUse(let tool)):
                await progress(id, tool: tool)
            default:
                break
            }
        }
    }

    private func started(_ run: Run) async {
        guard notices[run.id] == nil else { return }
        let worker = presence.userID(of: run.agent)
        let room: RoomID
        do {
            room = try await presence.ensure(run.agent, inviting: [])
        } catch {
            logger.warning("no room to show the run in", metadata: ["run_id": "\(run.id)", "agent": "\(run.agent)", "error": "\(error)"])
            return
        }
        let from = ChatAddress(run.routing.chat)?.matrixRoom.map { "https://matrix.to/#/\($0.rawValue)" }
        let task = run.task.clipped(400)
        let header = await presence.languages.localizer(for: .matrix(room))
            .runNotice(run: "\(run.id)", agent: run.routing.agent, task: task, from: from)
        do {
            let id = try await presence.appservice.intent(for: worker).sendMessage(
                room, content: MatrixContent.message(header, msgtype: .notice), txnID: "troupe-run-notice-\(run.id)-\(run.startedAt?.timeIntervalSince1970 ?? 0)")
            notices[run.id] = Notice(worker: worker, room: room, event: id, header: header)
        } catch {
            logger.warning("could not post the run notice", metadata: ["run_id": "\(run.id)", "error": "\(error)"])
        }
    }

    private func progress(_ id: RunID, tool: String) async {
        guard let notice = notices[id] else { return }
        let status = await presence.languages.localizer(for: .matrix(notice.room)).usingTool(tool)
        // Progress edits are throttled: a chatty tool must not flood the room with edits.
        let now = ContinuousClock.now
        if let last = lastProgress[id], now - last < .seconds(3) { return }
        lastProgress[id] = now
        await edit(id, notice, notice.header + "\n\n_\(status)_")
    }

    private func ended(_ run: Run) async {
        guard let notice = notices.removeValue(forKey: run.id) else { return }
        lastProgress[run.id] = nil
        let text = await presence.languages.localizer(for: .matrix(notice.room))
        let outcome: String
        switch run.state {
        case .completed:
            let result = (run.result ?? "").clipped(1500)
            outcome = text.runDone(input: run.usage.inputTokens, output: run.usage.outputTokens, result: result)
        default:
            outcome = "❌ \(text.runState(run.state))" + (text.runError(run).map { ": \($0)" } ?? "")
        }
        await edit(run.id, notice, notice.header + "\n\n" + outcome)
    }

    private func edit(_ id: RunID, _ notice: Notice, _ text: String) async {
        do {
            try await presence.appservice.intent(for: notice.worker).sendMessage(
                notice.room, content: MatrixContent.edit(of: notice.event, text, msgtype: .notice))
        } catch {
            logger.warning("could not update the run notice", metadata: ["run_id": "\(id)", "error": "\(error)"])
        }
    }
}
