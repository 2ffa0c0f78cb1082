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

        guard case .file(let url) = FileMarkers.resolve("out/a.txt", workspace: workspace) else {
            Issue.record("a file inside the workspace did not resolve"); return
        }
        #expect(url.lastPathComponent == "a.txt")
        #expect(FileMarkers.resolve("../secret.txt", workspace: workspace) == .outsideWorkspace)
        #expect(FileMarkers.resolve(root.appendingPathComponent("secret.txt").path, workspace: workspace) == .outsideWorkspace)
        #expect(FileMarkers.resolve("link.txt", workspace: workspace) == .outsideWorkspace)
        #expect(FileMarkers.resolve("/etc/passwd", workspace: workspace) == .outsideWorkspace)
        #expect(FileMarkers.resolve("out/missing.txt", workspace: workspace) == .missing)
        #expect(FileMarkers.resolve("out", workspace: workspace) == .missing)
    }

    @Test func mediaTypes() {
        #expect(FileMarkers.msgtype(for: FileMarkers.mimeType(for: URL(fileURLWithPath: "a.PNG"))) == "m.image")
        #expect(FileMarkers.msgtype(for: FileMarkers.mimeType(for: URL(fileURLWithPath: "a.pdf"))) == "m.file")
        #expect(MatrixMedia.safeFilename("../../etc/pass wd") == "pass_wd")
        #expect(MatrixMedia.safeFilename("..") == "attachment")
    }
}
