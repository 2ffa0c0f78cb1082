import Agents
import Foundation
import Logging
import Testing
@testable import Bridge

/// A long answer streamed into a Telegram chat through the scripted Bot API: it goes on in new messages, each under
/// Telegram's 4,096 characters, and read in order they are the answer.
@Suite struct TelegramStreamingTests {
    @Test func aLongAnswerGoesOnInNewMessagesEachUnderTelegramsLimit() async throws {
        let script = Script()
        for id in 1...60 {
            await script.add("sendMessage", .ok, #"{"ok":true,"result":{"message_id":\#(id),"chat":{"id":5,"type":"private"},"date":1}}"#)
        }
        let answer = (1...120).map { "Paragraph \($0) of a long answer, with a few more words & <signs> to read." }.joined(separator: "\n\n")
        try await withFakeAPI(script) { api in
            let surface = TelegramSurface(api: api, ref: TelegramChatRef(chatID: 5), speaker: "main", showsSpeaker: false, mirror: nil)
            let streamer = TurnStreamer(surface: surface, agent: "main", origin: MessageID("100"), replyTo: MessageID("100"), asker: "5",
                                        settings: StreamingSettings(editInterval: .zero, maxEdits: 3), menus: MenuRegistry(), model: nil,
                                        fileRoots: [], logger: Logger(label: "test"))
            let (events, input) = AsyncStream.makeStream(of: AgentEvent.self)
            let running = Task { await streamer.run(events) }
            var rest = Substring(answer)
            while !rest.isEmpty {
                input.yield(.text(String(rest.prefix(200))))
                rest = rest.dropFirst(200)
                try await Task.sleep(for: .milliseconds(2))
            }
            input.yield(.finished(TurnResult(text: answer)))
            input.finish()
            await running.value
        }
        // Each message's text as the chat shows it in the end: the send, then its last edit.
        var shown: [Int: String] = [:]
        var order: [Int] = []
        for (index, body) in await script.bodies("sendMessage").enumerated() {
            shown[index + 1] = try #require(Self.json(body)["text"] as? String)
            order.append(index + 1)
        }
        for body in await script.bodies("editMessageText") {
            let json = Self.json(body)
            shown[try #require(json["message_id"] as? Int)] = try #require(json["text"] as? String)
        }
        let texts = order.map { shown[$0]! }
        #expect(texts.count > 2)
        for text in texts { #expect(TelegramSplitter.split(text).count == 1, "each message fits one Telegram message") }
        let visible = texts.map { HTMLTokenizer.decodeEntities($0) }.joined(separator: "\n\n")
        #expect(visible.split(whereSeparator: \.isWhitespace) == answer.split(whereSeparator: \.isWhitespace))
        #expect(await script.bodies("deleteMessage").isEmpty)
    }

    private static func json(_ body: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}
