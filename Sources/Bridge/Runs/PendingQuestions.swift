import Agents
import Foundation

/// Questions runs put to people (`ask_parent` of a top-level run), waiting for an answer in their chat.
/// Transport-neutral: a question is known by the chat it was asked in and the message that carries it.
public actor PendingQuestions {
    public struct Question: Sendable, Equatable {
        public var run: RunID
        public var agent: String
        public var text: String
        /// The runtime chat key of the chat it was asked in.
        public var chat: String
        /// The transport's id of the message that asks it (a reply to it answers).
        public var messageID: String
        public var askedAt: Date
    }

    public struct Unanswered: Error, Sendable, CustomStringConvertible {
        public let run: RunID
        public var description: String { "nobody answered run \(run)'s question in time" }
    }

    private var waiting: [String: (question: Question, continuation: CheckedContinuation<String, any Error>)] = [:]

    public init() {}

    /// Waits for the answer to `question` (or throws `Unanswered` after `timeout`).
    public func wait(for question: Question, timeout: Duration) async throws -> String {
        let id = question.messageID
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiting[id] = (question, continuation)
        }
    }

    private func expire(_ id: String) {
        guard let entry = waiting.removeValue(forKey: id) else { return }
        entry.continuation.resume(throwing: Unanswered(run: entry.question.run))
    }

    /// Answers the question a message replies to; nil when it is not a waiting question of that chat.
    public func answer(replyingTo messageID: String, in chat: String, with text: String) -> Question? {
        guard let entry = waiting[messageID], entry.question.chat == chat else { return nil }
        waiting[messageID] = nil
        entry.continuation.resume(returning: text)
        return entry.question
    }

    /// Answers the oldest waiting question of a run in that chat (`!tasks answer ID TEXT`).
    public func answer(run: RunID, in chat: String, with text: String) -> Question? {
        guard let (id, entry) = waiting.filter({ $0.value.question.run == run && $0.value.question.chat == chat })
            .min(by: { $0.value.question.askedAt < $1.value.question.askedAt })
        else { return nil }
        waiting[id] = nil
        entry.continuation.resume(returning: text)
        return entry.question
    }

    public func open(in chat: String) -> [Question] {
        waiting.values.map(\.question).filter { $0.chat == chat }.sorted { $0.askedAt < $1.askedAt }
    }
}
