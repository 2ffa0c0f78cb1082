import Agents
import Foundation
import Testing
@testable import Bridge

@Suite struct FileMarkerTests {
    @Test func markersAreExtractedAndShownAsAttachments() {
        let extracted = FileMarkers.extract(from: "Here is the chart: <file:out/chart.png> and <file: report.pdf >")
        #expect(extracted.paths == ["out/chart.png", "report.pdf"])
        #expect(extracted.text == "Here is the chart: 📎 chart.png and 📎 report.pdf")
    }

    @Test func onlyFilesInsideTheWorkspaceResolve() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-files-\(UUID().uuidString)")
        let workspace = root.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace.appendingPathComponent("out"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: workspace.appendingPathComponent("out/a.txt"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: workspace.appendingPathComponent("link.txt"),
                                                   withDestinationURL: root.appendingPathComponent("secret.txt"))

        guard case .file(let file) = FileMarkers.resolve("out/a.txt", roots: [workspace]) else {
            Issue.record("a file inside the workspace did not resolve"); return
        }
        #expect(file.url.lastPathComponent == "a.txt")
        #expect(file.data == Data("x".utf8))
        #expect(FileMarkers.resolve("../secret.txt", roots: [workspace]) == .outsideWorkspace)
        #expect(FileMarkers.resolve(root.appendingPathComponent("secret.txt").path, roots: [workspace]) == .outsideWorkspace)
        #expect(FileMarkers.resolve("link.txt", roots: [workspace]) == .outsideWorkspace)
        #expect(FileMarkers.resolve("/etc/passwd", roots: [workspace]) == .outsideWorkspace)
        #expect(FileMarkers.resolve("out/missing.txt", roots: [workspace]) == .missing)
        #expect(FileMarkers.resolve("out", roots: [workspace]) == .notRegularFile)
    }

    private func makeWorkspace() throws -> (root: URL, workspace: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-files-\(UUID().uuidString)")
        let workspace = root.appendingPathComponent("workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        return (root, workspace)
    }

    /// `resolvingSymlinksInPath` gives up on long chains and returned the unresolved path, which passed.
    @Test func aChainOfSymlinksIsRefused() throws {
        let (root, workspace) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("secret".utf8).write(to: root.appendingPathComponent("secret.txt"))
        var target = root.appendingPathComponent("secret.txt").path
        for index in 0..<30 {
            let link = workspace.appendingPathComponent("l\(index)").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
            target = link
        }
        #expect(FileMarkers.resolve("l29", roots: [workspace]) == .outsideWorkspace)
        #expect(FileMarkers.resolve(workspace.appendingPathComponent("l29").path, roots: [workspace]) == .outsideWorkspace)
    }

    @Test func aSymlinkedDirectoryIsNotFollowed() throws {
        let (root, workspace) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appendingPathComponent("s.txt"))
        try FileManager.default.createSymbolicLink(atPath: workspace.appendingPathComponent("dir").path, withDestinationPath: outside.path)
        #expect(FileMarkers.resolve("dir/s.txt", roots: [workspace]) == .outsideWorkspace)
    }

    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let (root, workspace) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(mkfifo(workspace.appendingPathComponent("pipe").path, 0o600) == 0)
        #expect(FileMarkers.resolve("pipe", roots: [workspace]) == .notRegularFile)
    }

    @Test func filesOverTheCapAreRefused() throws {
        let (root, workspace) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let big = workspace.appendingPathComponent("big.bin")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        #expect(truncate(big.path, off_t(FileMarkers.maxFileBytes + 1)) == 0)  // sparse: no real disk use
        #expect(FileMarkers.resolve("big.bin", roots: [workspace]) == .tooLarge(FileMarkers.maxFileBytes + 1))
    }

    /// One chat's attachments are not reachable from another chat's answer, even by absolute path.
    @Test func anotherChatsAttachmentIsRefused() throws {
        let (root, workspace) = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let mine = try AttachmentFolder.prepare(agent: "main", chat: "matrix:!mine:x", dataDirectory: data)
        let theirs = try AttachmentFolder.prepare(agent: "main", chat: "matrix:!theirs:x", dataDirectory: data)
        try Data("dm secret".utf8).write(to: theirs.appendingPathComponent("t.txt"))
        try Data("mine".utf8).write(to: mine.appendingPathComponent("m.txt"))
        let roots = [workspace, mine]
        #expect(FileMarkers.resolve(theirs.appendingPathComponent("t.txt").path, roots: roots) == .outsideWorkspace)
        #expect(FileMarkers.resolve("../../\(theirs.lastPathComponent)/t.txt", roots: roots) == .outsideWorkspace)
        guard case .file(let file) = FileMarkers.resolve(mine.appendingPathComponent("m.txt").path, roots: roots) else {
            Issue.record("this chat's attachment did not resolve"); return
        }
        #expect(file.data == Data("mine".utf8))
        #expect(theirs != mine)
        var info = stat()
        #expect(stat(theirs.path, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test func mediaTypes() {
        #expect(FileMarkers.msgtype(for: FileMarkers.mimeType(for: URL(fileURLWithPath: "a.PNG"))) == "m.image")
        #expect(FileMarkers.msgtype(for: FileMarkers.mimeType(for: URL(fileURLWithPath: "a.pdf"))) == "m.file")
        #expect(MatrixMedia.safeFilename("../../etc/pass wd") == "pass_wd")
        #expect(MatrixMedia.safeFilename("..") == "attachment")
    }
}
