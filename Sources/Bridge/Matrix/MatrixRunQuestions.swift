import Agents
import Foundation
import Logging
import MatrixAppService

/// Puts a top-level run's question to the people in the room it was started from, as the agent that asked
/// for the run; a reply to that message (or `!tasks answer`) is the answer.
struct MatrixRunQuestions: RunQuestionAsker {
    let presence: AgentPresence
    let questions: PendingQuestions
    let logger: Logger

    func ask(_ question: String, run: Run) async throws -> String {
        guard let room = ChatAddress(run.routing.chat)?.matrixRoom else {
            throw RunError(.notFound, "the run was not started from a Matrix room")
        }
        let intent = presence.appservice.intent(for: presence.userID(of: run.routing.agent))
        let text = await presence.languages.localizer(for: .matrix(room))
            .runQuestion(run: "\(run.id)", agent: run.agent, question: question, command: presence.commandPrefix + "tasks answer")
        let id = try await intent.sendMessage(room, content: MatrixContent.message(text))
        try? await presence.store.recordSent(id, room: room, agent: run.routing.agent)
        logger.info("run question asked in the room", metadata: ["run_id": "\(run.id)", "room_id": "\(room)"])
        let pending = PendingQuestions.Question(run: run.id, agent: run.agent, text: question,
                                                chat: ChatAddress.matrix(room).stored, messageID: id.rawValue, askedAt: Date())
        return try await questions.wait(for: pending, timeout: .seconds(max(run.timeout, 60)))
    }
}
