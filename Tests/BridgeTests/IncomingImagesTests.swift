import Agents
import Foundation
import Images
import Logging
import MatrixAppService
import Testing
@testable import Bridge

/// Images users send reach the agent shrunk and converted, under a name and type that match; everything else, and
/// every image that cannot be converted, reaches it exactly as sent.
@Suite struct IncomingImagesTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("incoming-images-\(UUID().uuidString)")
        try PrivateFiles.createDirectory(folder)
    }

    private func attachment(_ name: String, _ data: Data, mime: String?) throws -> Agents.Attachment {
        let url = folder.appendingPathComponent("ab12-\(name)")
        try PrivateFiles.write(data, to: url)
        return Agents.Attachment(path: url.path, filename: name, mimeType: mime)
    }

    @Test func aPhotoBecomesAWebPNoLargerThanTheLimit() async throws {
        let sent = try attachment("holiday.JPG", SampleImage.make(width: 3000, height: 2000, orientation: 6), mime: "image/jpeg")
        let logs = LogRecorder()
        let got = await IncomingImages(ImageOptions()).prepare(sent, logger: logs.logger)
        #expect(got.filename == "holiday.webp" && got.mimeType == "image/webp")
        #expect(got.path == folder.appendingPathComponent("ab12-holiday.webp").path)
        let info = try ImageShrinker.inspect(Data(contentsOf: URL(fileURLWithPath: got.path)))
        #expect(info.loader == "webpload" && info.width == 1333 && info.height == 2000 && !info.hasEXIF)
        #expect(!FileManager.default.fileExists(atPath: sent.path), "the download is replaced, not kept beside it")
        var mode = stat()
        #expect(stat(got.path, &mode) == 0 && mode.st_mode & 0o777 == 0o600)
        #expect(logs.warnings.isEmpty, "\(logs.warnings)")
    }

    @Test func otherFormatsAndSizesAsConfigured() async throws {
        let sent = try attachment("scan", SampleImage.make(width: 1000, height: 500, format: .png), mime: nil)
        let options = ImageOptions(maxDimension: 400, format: .jpeg, quality: 60)
        // No type and no extension: nothing says it is an image, so it is left alone.
        #expect(await IncomingImages(options).prepare(sent, logger: LogRecorder().logger) == sent)
        let typed = Agents.Attachment(path: sent.path, filename: "scan", mimeType: "image/png")
        let got = await IncomingImages(options).prepare(typed, logger: LogRecorder().logger)
        #expect(got.filename == "scan.jpg" && got.mimeType == "image/jpeg")
        let info = try ImageShrinker.inspect(Data(contentsOf: URL(fileURLWithPath: got.path)))
        #expect(info.loader == "jpegload" && info.width == 400 && info.height == 200)
    }

    @Test func anImageNamedByItsExtensionAloneIsConverted() async throws {
        let sent = try attachment("shot.png", SampleImage.make(width: 300, height: 200, format: .png), mime: "application/octet-stream")
        let got = await IncomingImages(ImageOptions()).prepare(sent, logger: LogRecorder().logger)
        #expect(got.filename == "shot.webp" && got.mimeType == "image/webp")
    }

    @Test func originalPassesEveryImageThroughUntouched() async throws {
        let bytes = try SampleImage.make(width: 3000, height: 2000, orientation: 6)
        let sent = try attachment("photo.jpg", bytes, mime: "image/jpeg")
        let got = await IncomingImages(ImageOptions(format: nil)).prepare(sent, logger: LogRecorder().logger)
        #expect(got == sent)
        #expect(try Data(contentsOf: URL(fileURLWithPath: sent.path)) == bytes)
    }

    @Test func filesThatAreNotImagesAreUntouched() async throws {
        let text = try attachment("notes.txt", Data("hello".utf8), mime: "text/plain")
        let svg = try attachment("logo.svg", Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), mime: "image/svg+xml")
        let logs = LogRecorder()
        for sent in [text, svg] {
            #expect(await IncomingImages(ImageOptions()).prepare(sent, logger: logs.logger) == sent)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: text.path)) == Data("hello".utf8))
        #expect(logs.entries.isEmpty, "not images, so nothing to explain: \(logs.entries)")
    }

    @Test func aBrokenImageIsPassedOnAsSentAndTheLogSaysWhy() async throws {
        let photo = try SampleImage.make(width: 800, height: 600)
        let broken = Data(photo.prefix(photo.count / 3))
        let sent = try attachment("broken.jpg", broken, mime: "image/jpeg")
        let logs = LogRecorder()
        let got = await IncomingImages(ImageOptions()).prepare(sent, logger: logs.logger)
        #expect(got == sent)
        #expect(try Data(contentsOf: URL(fileURLWithPath: sent.path)) == broken)
        let warning = try #require(logs.warnings.first)
        #expect(warning.contains("passed on as sent") && warning.contains("Premature end of input file"), "\(warning)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ab12-broken.webp").path))
    }

    @Test func anAnimationIsKeptWithANotice() async throws {
        let gif = Data([
            0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
            0x21, 0xFF, 0x0B, 0x4E, 0x45, 0x54, 0x53, 0x43, 0x41, 0x50, 0x45, 0x32, 0x2E, 0x30, 0x03, 0x01, 0x00, 0x00, 0x00,
            0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x02,
            0x02, 0x84, 0x51, 0x00, 0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
            0x02, 0x00, 0x00, 0x02, 0x02, 0x0C, 0x0A, 0x00, 0x3B,
        ])
        let sent = try attachment("dance.gif", gif, mime: "image/gif")
        let logs = LogRecorder()
        #expect(await IncomingImages(ImageOptions()).prepare(sent, logger: logs.logger) == sent)
        #expect(logs.warnings.isEmpty)
        #expect(logs.entries.contains { $0.level == .notice && $0.message.contains("animation of 2 frames") }, "\(logs.entries)")
    }

    @Test func theAgentIsToldTheConvertedFile() async throws {
        let room = ChatAddress.matrix(RoomID("!images:test"))
        let routing = try MemoryRouting(rooms: [room: .init(agents: ["main"], owner: "main")])
        let photo = try SampleImage.make(width: 2400, height: 1200)
        let pending: IncomingMessage.PendingAttachment = { folder in
            let file = folder.appendingPathComponent("cafe-big.jpg")
            return (Agents.Attachment(path: file.path, filename: "big.jpg", mimeType: "image/jpeg"), { try PrivateFiles.write(photo, to: file) })
        }
        await routing.say("what is in this picture?", in: room, attachment: pending)
        let answer = try #require(try await routing.message(in: room) { $0.text.contains("echo:") })
        // (The fake CLI echoes the prompt without its slashes.)
        #expect(answer.text.contains("big.webp (imagewebp)") && answer.text.contains("cafe-big.webp"), "\(answer.text)")
        #expect(!answer.text.contains("big.jpg"), "\(answer.text)")
        let folder = try await routing.runtime.attachmentFolder(agent: "main", chat: room.chatKey)
        let info = try ImageShrinker.inspect(Data(contentsOf: folder.appendingPathComponent("cafe-big.webp")))
        #expect(info.width == 2000 && info.height == 1000)
    }
}

/// Keeps what a logger was told, for tests that check what the log says.
final class LogRecorder: @unchecked Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let lock = NSLock()
    private var stored: [Entry] = []
    var entries: [Entry] { lock.withLock { stored } }
    var warnings: [String] { entries.filter { $0.level == .warning }.map(\.message) }
    var logger: Logger { Logger(label: "test") { _ in Handler(recorder: self) } }

    private func record(_ entry: Entry) { lock.withLock { stored.append(entry) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.record(Entry(level: event.level, message: "\(event.message)"))
        }
    }
}
