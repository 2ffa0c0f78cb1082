import Foundation
import GRDB
import Testing
@testable import Agents

/// Attachments are downloaded inside their turn: a slow download holds up only its own chat.
@Suite struct AttachmentFetchTests {
    @Test func aSlowDownloadInOneChatDoesNotDelayAnotherChat() async throws {
        let h = try Harness.make()
        let release = AsyncStream<Void>.makeStream()
        let fetched = Locked(false)
        let slow = await h.runtime.submit(
            agent: "main", chat: "chat:a", text: "see file",
            attachments: [Attachment(path: h.temp.file("a.bin"), filename: "a.bin")],
            fetch: {
                for await _ in release.stream { break }
                fetched.withLock { $0 = true }
                return [Attachment(path: h.temp.file("a.bin"), filename: "a.bin")]
            })
        let other = try await h.ask("hello", chat: "chat:b")
        #expect(other.result?.text == "echo: hello")
        #expect(!fetched.current, "chat b was answered while chat a's download was still running")
        release.continuation.yield()
        let events = try await collect(slow)
        #expect(events.result != nil, "\(events)")
        #expect(fetched.current)
    }

    @Test func aFailedDownloadFailsTheTurnWithoutStartingTheCLI() async throws {
        struct Gone: Error, CustomStringConvertible { var description: String { "media not found" } }
        let h = try Harness.make()
        let turn = await h.runtime.submit(
            agent: "main", chat: "chat:a", text: "see file",
            attachments: [Attachment(path: h.temp.file("a.bin"), filename: "a.bin")], fetch: { throw Gone() })
        let events = try await collect(turn)
        guard case .failed(let error)? = events.last else { Issue.record("expected a failure: \(events)"); return }
        #expect(error.kind == .attachment)
        #expect(error.message.contains("media not found"))
        #expect(h.invocations().isEmpty)
        // The chat goes on.
        #expect(try await h.ask("next", chat: "chat:a").result?.text == "echo: next")
    }

    @Test func aFileStoredUnderAnotherNameIsNamedSoInThePrompt() async throws {
        let h = try Harness.make()
        let sent = Attachment(path: h.temp.file("photo.jpg"), filename: "photo.jpg", mimeType: "image/jpeg")
        let stored = Attachment(path: h.temp.file("photo.webp"), filename: "photo.webp", mimeType: "image/webp")
        let turn = await h.runtime.submit(agent: "main", chat: "chat:a", text: "what is this?", attachments: [sent],
                                          fetch: { [stored] })
        // (The fake CLI echoes the prompt without its slashes.)
        let text = try #require(try await collect(turn).result?.text)
        #expect(text.contains("photo.webp (imagewebp)"), "\(text)")
        #expect(!text.contains("photo.jpg"), "\(text)")
        // A restart that takes the turn up again reads the stored prompt: it names the file as stored too.
        let prompts = try await h.database.read { try String.fetchAll($0, sql: "SELECT prompt FROM agent_turns") }
        #expect(prompts.count == 1 && prompts[0].contains(stored.path) && !prompts[0].contains(sent.path), "\(prompts)")
    }

    @Test func workspacesAndAttachmentFoldersAreOwnerOnly() async throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let h = try Harness.make()
        _ = try await h.ask("hello")
        let folder = try await h.runtime.attachmentFolder(agent: "main", chat: "matrix:!room:x")
        let workspace = try #require(await h.runtime.workspace(of: "main"))
        for path in [workspace.path, folder.path, folder.deletingLastPathComponent().path] {
            var info = stat()
            #expect(stat(path, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o700, "\(path): \(String(info.st_mode & 0o777, radix: 8))")
        }
        let file = folder.appendingPathComponent("f.bin")
        try PrivateFiles.write(Data("x".utf8), to: file)
        var info = stat()
        #expect(stat(file.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }
}
