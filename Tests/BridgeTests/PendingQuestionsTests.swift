import Agents
import Foundation
import MatrixAppService
import Testing
@testable import Bridge

@Suite struct PendingQuestionsTests {
    private func question(_ run: String, chat: String = "matrix:!a", message: String = "$q") -> PendingQuestions.Question {
        .init(run: RunID(rawValue: run), agent: "coder", text: "which colour?", chat: chat, messageID: message, askedAt: Date())
    }

    @Test func aReplyInTheSameChatAnswers() async throws {
        let questions = PendingQuestions()
        let waiting = Task { try await questions.wait(for: question("r1"), timeout: .seconds(30)) }
        while await questions.open(in: "matrix:!a").isEmpty { await Task.yield() }
        #expect(await questions.answer(replyingTo: "$q", in: "matrix:!other", with: "red") == nil)
        #expect(await questions.answer(replyingTo: "$q", in: "matrix:!a", with: "teal")?.run.rawValue == "r1")
        #expect(try await waiting.value == "teal")
        #expect(await questions.answer(replyingTo: "$q", in: "matrix:!a", with: "again") == nil)
    }

    @Test func answeringByRunIDAndTimingOut() async throws {
        let questions = PendingQuestions()
        let answered = Task { try await questions.wait(for: question("r2", message: "$a"), timeout: .seconds(30)) }
        let unanswered = Task { try await questions.wait(for: question("r3", message: "$b"), timeout: .milliseconds(50)) }
        while await questions.open(in: "matrix:!a").count < 1 { await Task.yield() }
        while await questions.answer(run: RunID(rawValue: "r2"), in: "matrix:!a", with: "blue") == nil { await Task.yield() }
        #expect(try await answered.value == "blue")
        await #expect(throws: PendingQuestions.Unanswered.self) { try await unanswered.value }
        #expect(await questions.open(in: "matrix:!a").isEmpty)
    }
}

@Suite struct ReplyFallbackTests {
    private let reply: JSONValue = ["m.relates_to": ["m.in_reply_to": ["event_id": "$x"]]]

    @Test func theQuotedFallbackIsDroppedFromReplies() {
        #expect(MatrixContent.withoutReplyFallback("> <@troupe:x> which colour?\n> more\n\nteal", content: reply) == "teal")
        #expect(MatrixContent.withoutReplyFallback("teal", content: reply) == "teal")
        // Not a reply: a quote is what the user wrote.
        #expect(MatrixContent.withoutReplyFallback("> quoted\n\nmine", content: [:]) == "> quoted\n\nmine")
    }
}
