import Foundation
import MatrixAppService
#if canImport(Glibc)
import Glibc
#endif

/// Agents send files by naming them in their answer as `<file:path>`, relative to their workspace.
/// Only regular files inside the workspace or the chat's own attachment folder may leave: anything else
/// (`..`, absolute paths elsewhere, any symlink, FIFOs and devices, files over `maxFileBytes`) is refused.
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

    /// A file opened and read by the resolver. Its bytes come from the descriptor that was checked, so
    /// nothing can swap the file between the check and the upload.
    public struct OpenedFile: Sendable, Equatable {
        /// The file's real path (for its name and extension).
        public var url: URL
        public var data: Data
    }

    public enum Resolution: Sendable, Equatable {
        case file(OpenedFile)
        case outsideWorkspace
        case missing
        case notRegularFile
        case tooLarge(Int64)
    }

    /// The largest file an agent may send (50 MiB): Synapse's default `max_upload_size` and Telegram's bot limit.
    public static let maxFileBytes: Int64 = 50 * 1024 * 1024

    /// Sends each file the agent named with `send` (the transport's upload), after resolving it inside `roots`
    /// (the agent's workspace and this chat's attachment folder); returns one note per file that could not go out.
    static func send(_ paths: [String], roots: [URL], with send: (OpenedFile) async throws -> Void) async -> [String] {
        var problems: [String] = []
        for path in paths {
            guard !roots.isEmpty else {
                problems.append("\(path): the agent has no workspace")
                continue
            }
            switch resolve(path, roots: roots) {
            case .outsideWorkspace:
                problems.append("\(path): refused, it is outside the agent's workspace and this chat's attachments (or a symlink)")
            case .missing:
                problems.append("\(path): no such file")
            case .notRegularFile:
                problems.append("\(path): refused, not a regular file")
            case .tooLarge(let size):
                problems.append("\(path): too large (\(size / 1_048_576) MiB; the limit is \(maxFileBytes / 1_048_576) MiB)")
            case .file(let file):
                do {
                    try await send(file)
                } catch {
                    problems.append("\(path): not sent (\(error))")
                }
            }
        }
        return problems
    }

    /// Resolves a marker path inside one of `roots` (relative paths are tried against each in turn) and reads it.
    /// The path is opened one component at a time with `openat(…, O_NOFOLLOW)`, so no symlink is followed and
    /// `..` is refused; the file must be a regular file (opened non-blocking, so a FIFO cannot hang us), at most
    /// `maxFileBytes`, and its descriptor's real path must lie inside the root.
    public static func resolve(_ path: String, roots: [URL]) -> Resolution {
        var underARoot = false
        for root in roots {
            guard let relative = relativeComponents(of: path, in: root) else { continue }
            underARoot = true
            let resolution = open(relative, in: root)
            if resolution != .missing { return resolution }
        }
        return underARoot ? .missing : .outsideWorkspace
    }

    /// `path`'s components below `root`, or nil if an absolute path is not under it (by its given or real path).
    private static func relativeComponents(of path: String, in root: URL) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        guard path.hasPrefix("/") else { return parts }
        for base in Set([root.standardizedFileURL.path, realPath(root.path) ?? root.standardizedFileURL.path]) {
            let baseParts = base.split(separator: "/").map(String.init)
            if parts.count > baseParts.count && Array(parts.prefix(baseParts.count)) == baseParts {
                return Array(parts.dropFirst(baseParts.count))
            }
        }
        return nil
    }

    private static func open(_ components: [String], in root: URL) -> Resolution {
        guard let last = components.last else { return .missing }
        if components.contains("..") { return .outsideWorkspace }
        guard let rootPath = realPath(root.path) else { return .missing }
        var directory = Glibc.open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return .missing }
        defer { close(directory) }
        for component in components.dropLast() {
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return errno == ENOENT ? .missing : .outsideWorkspace }
            close(directory)
            directory = next
        }
        let fd = openat(directory, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: return .missing
            case ELOOP: return .outsideWorkspace  // the last component is a symlink
            default: return .notRegularFile
            }
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .notRegularFile }
        guard Int64(info.st_size) <= maxFileBytes else { return .tooLarge(Int64(info.st_size)) }
        // Belt and braces: the descriptor's own path, as the kernel sees it, must be inside the root.
        let real = realPath("/proc/self/fd/\(fd)") ?? (rootPath + "/" + components.joined(separator: "/"))
        guard real.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/") else { return .outsideWorkspace }
        guard let data = readAll(fd, limit: Int(maxFileBytes)) else {
            return .tooLarge(maxFileBytes + 1)
        }
        return .file(OpenedFile(url: URL(fileURLWithPath: real), data: data))
    }

    /// Reads to EOF, or nil past `limit` bytes (the file grew after fstat).
    private static func readAll(_ fd: Int32, limit: Int) -> Data? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return data
            }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
            if data.count > limit { return nil }
        }
    }

    private static func realPath(_ path: String) -> String? {
        if path.hasPrefix("/proc/self/fd/") {
            // readlink, not realpath: the link names the open file itself.
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &buffer, buffer.count - 1)
            guard n > 0 else { return nil }
            return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
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
    static func msgtype(for mime: String) -> MessageType {
        if mime.hasPrefix("image/") { return .image }
        if mime.hasPrefix("audio/") { return .audio }
        if mime.hasPrefix("video/") { return .video }
        return .file
    }
}
