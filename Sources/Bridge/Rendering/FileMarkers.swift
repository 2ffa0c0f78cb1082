import Foundation

/// Agents send files by naming them in their answer as `<file:path>`, relative to their workspace.
/// Only files inside the workspace may leave it: anything else (`..`, absolute paths elsewhere,
/// symlinks pointing out) is refused.
public enum FileMarkers {
    public struct Extracted: Sendable, Equatable {
        public var text: String
        public var paths: [String]
    }

    public static func extract(from text: String) -> Extracted {
        var paths: [String] = []
        var output = ""
        var rest = text[...]
        while let open = rest.range(of: "<file:") {
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let path = rest[open.upperBound..<close].trimmingCharacters(in: .whitespaces)
            output += rest[..<open.lowerBound]
            if !path.isEmpty {
                paths.append(path)
                output += "📎 " + URL(fileURLWithPath: path).lastPathComponent
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return Extracted(text: output, paths: paths)
    }

    public enum Resolution: Sendable, Equatable {
        case file(URL)
        case outsideWorkspace
        case missing
    }

    /// Sends each file the agent named with `send` (the transport's upload), after resolving it inside the
    /// workspace; returns one note per file that could not go out, for the transport to tell the user.
    static func send(_ paths: [String], workspace: URL?, with send: (URL) async throws -> Void) async -> [String] {
        var problems: [String] = []
        for path in paths {
            guard let workspace else {
                problems.append("\(path): the agent has no workspace")
                continue
            }
            switch resolve(path, workspace: workspace) {
            case .outsideWorkspace:
                problems.append("\(path): refused, it is outside the agent's workspace")
            case .missing:
                problems.append("\(path): no such file")
            case .file(let url):
                do {
                    try await send(url)
                } catch {
                    problems.append("\(path): not sent (\(error))")
                }
            }
        }
        return problems
    }

    /// Resolves a marker path against the workspace, following symlinks, and checks it stays inside.
    public static func resolve(_ path: String, workspace: URL) -> Resolution {
        let base = workspace.resolvingSymlinksInPath().standardizedFileURL
        let candidate = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path))
            .resolvingSymlinksInPath().standardizedFileURL
        let basePath = base.path.hasSuffix("/") ? base.path : base.path + "/"
        guard candidate.path.hasPrefix(basePath) else { return .outsideWorkspace }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .missing
        }
        return .file(candidate)
    }

    static func mimeType(for url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "svg": "image/svg+xml"
        case "pdf": "application/pdf"
        case "txt", "log", "md": "text/plain"
        case "json": "application/json"
        case "csv": "text/csv"
        case "html": "text/html"
        case "mp3": "audio/mpeg"
        case "ogg": "audio/ogg"
        case "wav": "audio/wav"
        case "mp4": "video/mp4"
        case "webm": "video/webm"
        case "zip": "application/zip"
        default: "application/octet-stream"
        }
    }

    /// The Matrix msgtype for a file of this MIME type.
    static func msgtype(for mime: String) -> String {
        if mime.hasPrefix("image/") { return "m.image" }
        if mime.hasPrefix("audio/") { return "m.audio" }
        if mime.hasPrefix("video/") { return "m.video" }
        return "m.file"
    }
}
