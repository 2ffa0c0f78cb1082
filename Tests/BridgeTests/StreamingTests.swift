import Agents
import Foundation
import Logging
import Testing
@testable import Bridge

/// A turn streamed onto the in-memory surface, event by event, with a chance to look at the chat in between.
private struct StreamHarness {
    let chat = MemoryChat()
    let address = ChatAddress.matrix("!stream:test")
    let menus = MenuRegistry()
    let events: AsyncStream<AgentEvent>
    let input: AsyncStream<AgentEvent>.Continuation
    let done: Task<Void, Never>

    init(maxEdits: Int, limit: Int = 4000, label: String? = nil) {
        let (stream, continuation) = AsyncStream.makeStream(of: AgentEvent.self)
        events = stream
        input = continuation
        let surface = MemorySurface(chat: address, speaker: "main", store: chat, limit: limit)
        var streamer = TurnStreamer(surface: surface, agent: "main", origin: MessageID("in1"), replyTo: MessageID("in1"), asker: "@alice:test",
                                    settings: StreamingSettings(editInterval: .zero, maxEdits: maxEdits), menus: menus, model: nil,
                                    fileRoots: [], logger: Logger(label: "test"))
        streamer.label = label
        let configured = streamer
        done = Task { await configured.run(stream) }
    }

    /// Sends `text` in deltas of about `size` characters, then the result, and waits for the streamer to finish.
    func stream(_ text: String, size: Int, result: String? = nil, whileStreaming: (@Sendable () async -> Void)? = nil) async {
        var rest = Substring(text)
        while !rest.isEmpty {
            input.yield(.text(String(rest.prefix(size))))
            rest = rest.dropFirst(size)
            // Lets the streamer keep up, so edits and new messages happen while the text still comes.
            await Task.yield()
            try? await Task.sleep(for: .milliseconds(1))
        }
        await whileStreaming?()
        input.yield(.finished(TurnResult(text: result ?? text)))
        input.finish()
        await done.value
    }

    var messages: [MemoryChat.Message] { get async { await chat.messages(in: address) } }
}

private func words(_ text: String) -> [Substring] { text.split(whereSeparator: \.isWhitespace) }

private let paragraphs = (1...40).map { "Paragraph \($0): the answer goes on with a few more words to read." }.joined(separator: "\n\n")

@Suite struct StreamingContinuationTests {
    @Test func aLongAnswerGoesOnInNewMessagesOnceEditsAreSpentAndLosesNothing() async throws {
        let harness = StreamHarness(maxEdits: 2)
        let seenWhileStreaming = Counted()
        await harness.stream(paragraphs, size: 25, whileStreaming: { await seenWhileStreaming.set(await harness.messages.count) })
        let messages = await harness.messages
        #expect(await seenWhileStreaming.value > 1, "new messages came while the answer was still streaming")
        #expect(messages.count > 2)
        // Read in order, the messages are the answer: no word lost, none twice, none cut in two.
        #expect(words(messages.map(\.text).joined(separator: "\n\n")) == words(paragraphs))
        // Each message: sent, at most max_edits edits, and the one that gives it its final text.
        for message in messages { #expect(message.history.count <= 2 + 2, "\(message.history)") }
        // Cuts fall between paragraphs here: every message ends with a whole one.
        for message in messages { #expect(message.text.hasSuffix("read."), "\(message.text)") }
        #expect(messages[0].replyTo == MessageID("in1"))
        #expect(messages.dropFirst().allSatisfy { $0.replyTo == nil })
    }

    @Test func textLongerThanOneMessageGoesOnInTheNextEvenWithEditsLeft() async throws {
        let harness = StreamHarness(maxEdits: 1000, limit: 300)
        await harness.stream(paragraphs, size: 40)
        let messages = await harness.messages
        #expect(messages.count > 5)
        #expect(messages.allSatisfy { $0.text.utf8.count <= 300 })
        #expect(words(messages.map(\.text).joined(separator: "\n")) == words(paragraphs))
    }

    @Test func aCodeBlockCutIsClosedAndReopened() async throws {
        let code = (1...60).map { "let value\($0) = \($0) * 2" }.joined(separator: "\n")
        let answer = "Here is the code:\n\n```swift\n\(code)\n```\n\nThat is all."
        let harness = StreamHarness(maxEdits: 1000, limit: 400)
        await harness.stream(answer, size: 30)
        let messages = await harness.messages
        #expect(messages.count > 2)
        for message in messages {
            #expect(MessageSplitter.openFence(in: message.text) == nil, "every message closes its code block: \(message.text)")
        }
        #expect(messages[1].text.hasPrefix("```swift\n"))
        // Without the fences added at the cuts, the messages read as the answer.
        let added = messages.map(\.text).joined(separator: "\n").replacingOccurrences(of: "```\n```swift\n", with: "")
        #expect(words(added) == words(answer))
    }

    @Test func theMenuIsOnTheLastMessageTitledWithItsText() async throws {
        let harness = StreamHarness(maxEdits: 1)
        await harness.stream(paragraphs + "\n\nWhich one? [button:First] [button:Second]", size: 30)
        let messages = await harness.messages
        #expect(messages.count > 1)
        let last = try #require(messages.last)
        #expect(last.buttons == ["First", "Second"])
        #expect(messages.dropLast().allSatisfy { $0.buttons.isEmpty })
        #expect(last.text.contains("Which one?"))
        #expect(await harness.chat.seededKeys(on: last.id) == ["1️⃣", "2️⃣"])
        let token = try #require(await harness.menus.token(shownIn: last.id))
        let menu = try #require(await harness.menus.menu(token: token))
        // Marking the menu done shows its title again: that must be the last message's text, not the whole answer.
        #expect(menu.title.hasSuffix("Which one?"))
        #expect(!menu.title.contains("Paragraph 1:"))
    }

    @Test func aResultShorterThanTheStreamReplacesItAndTakesBackWhatIsLeftOver() async throws {
        let harness = StreamHarness(maxEdits: 1)
        let result = "Paragraph 39: only the last words.\n\nAnd the end."
        await harness.stream(paragraphs, size: 30, result: result)
        let messages = await harness.messages
        #expect(messages.map(\.text) == [result])
        #expect(await harness.chat.events.contains { if case .retracted = $0 { true } else { false } })
    }

    @Test func aFailureKeepsWhatStreamedAndEndsTheLastMessageWithTheWarning() async throws {
        let harness = StreamHarness(maxEdits: 1)
        var rest = Substring(paragraphs)
        while !rest.isEmpty {
            harness.input.yield(.text(String(rest.prefix(30))))
            rest = rest.dropFirst(30)
            try await Task.sleep(for: .milliseconds(1))
        }
        harness.input.yield(.failed(AgentError(.toolReported("the tool crashed"))))
        harness.input.finish()
        await harness.done.value
        let messages = await harness.messages
        #expect(messages.count > 1)
        #expect(messages.last?.text.hasSuffix("⚠️ the tool crashed") == true)
        #expect(words(messages.map(\.text).joined(separator: "\n\n")) == words(paragraphs + " ⚠️ the tool crashed"))
    }

    @Test func aShortAnswerIsStillOneMessage() async throws {
        let harness = StreamHarness(maxEdits: 40, label: "side")
        await harness.stream("Just a few words.", size: 5)
        #expect(await harness.messages.map(\.text) == ["[side] Just a few words."])
    }
}

@Suite struct MarkdownCutTests {
    @Test func piecesPreferParagraphsAndRebuildTheText() {
        let pieces = MarkdownCut.all(Substring(paragraphs), reopening: nil) { _, text, _ in text.count <= 300 }
        #expect(pieces.count > 5)
        #expect(pieces.allSatisfy { $0.text.count <= 300 && $0.text.hasSuffix("read.") })
        #expect(pieces.map(\.text).joined(separator: "\n\n") == paragraphs)
        #expect(pieces.reduce(0) { $0 + $1.consumed } == paragraphs.count)
    }

    @Test func aBlockOfCodeIsKeptWholeWhenItFitsTheNextMessage() {
        let text = String(repeating: "word ", count: 30) + "\n\n```\n" + String(repeating: "code line\n", count: 10) + "```\n\nafter"
        let first = MarkdownCut.first(of: Substring(text), reopening: nil) { piece, _ in piece.count <= 200 }
        #expect(first.fence == nil)
        #expect(!first.text.contains("```"))
    }

    @Test func sealingNeedsABreak() {
        #expect(MarkdownCut.sealing("oneverylongwordwithoutbreaks", reopening: nil) == nil)
        let piece = MarkdownCut.sealing("First paragraph.\n\nSecond one, still com", reopening: nil)
        #expect(piece?.text == "First paragraph.")
        #expect(piece?.consumed == "First paragraph.\n\n".count)
    }
}

private actor Counted {
    var value = 0
    func set(_ new: Int) { value = new }
}
