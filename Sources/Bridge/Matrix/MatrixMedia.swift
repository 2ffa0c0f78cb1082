import Agents
import Crypto
import Foundation
import Logging
import MatrixAppService

/// Files in both directions: attachments users send are downloaded (authenticated media) into the
/// agent's workspace; files the agent names with `<file:path>` are uploaded and posted.
struct MatrixMedia: Sendable {
    static let mediaTypes: Set<String> = ["m.image", "m.file", "m.audio", "m.video"]

    enum IncomingError: Error, CustomStringConvertible {
        case noWorkspace
        var description: String {
            switch self {
            case .noWorkspace: "the agent has no workspace"
            }
        }
    }

    /// Downloads the attachment of a media message (decrypted, if it was sent encrypted) into
    /// `<workspace>/attachments/`.
    static func download(_ event: ClientEvent, with intent: Intent, workspace: URL?) async throws -> Attachment? {
        let content = event.content
        guard let msgtype = content["msgtype"]?.stringValue, mediaTypes.contains(msgtype) else { return nil }
        guard content["url"] != nil || content["file"] != nil else { return nil }
        guard let workspace else { throw IncomingError.noWorkspace }
        guard let (data, contentType) = try await intent.downloadAttachment(of: content) else { return nil }
        let name = safeFilename(content["filename"]?.stringValue ?? content["body"]?.stringValue ?? "attachment")
        let folder = workspace.appendingPathComponent("attachments", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Prefixed with a digest of the event id, so two files of the same name do not overwrite each other.
        let prefix = SHA256.hash(data: Data(event.eventID.rawValue.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        let file = folder.appendingPathComponent("\(prefix)-\(name)")
        try data.write(to: file)
        let mime = content["info"]?["mimetype"]?.stringValue ?? contentType
        return Attachment(path: file.path, filename: name, mimeType: mime)
    }

    /// The text that goes with an attachment: a caption if the client sent one (`body` differs from
    /// `filename`), else nothing.
    static func caption(of content: JSONValue) -> String {
        guard let body = content["body"]?.stringValue, let filename = content["filename"]?.stringValue, body != filename else { return "" }
        return body
    }

    static func safeFilename(_ raw: String) -> String {
        let last = raw.split(separator: "/").last.map(String.init) ?? raw
        let cleaned = String(last.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "_" })
        let trimmed = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return trimmed.isEmpty ? "attachment" : String(trimmed.prefix(100))
    }

    /// Uploads each file the agent named and posts it; returns one note per file that could not go out.
    static func sendFiles(_ paths: [String], workspace: URL?, intent: Intent, room: RoomID, logger: Logger) async -> [String] {
        await FileMarkers.send(paths, workspace: workspace) { url in
            do {
                let data = try Data(contentsOf: url)
                let mime = FileMarkers.mimeType(for: url)
                // Encrypted (and named by `file`) when the room is encrypted.
                var content = try await intent.uploadAttachment(data, contentType: mime, filename: url.lastPathComponent, for: room)
                content["msgtype"] = .string(FileMarkers.msgtype(for: mime))
                content["body"] = .string(url.lastPathComponent)
                content["filename"] = .string(url.lastPathComponent)
                content["info"] = ["mimetype": .string(mime), "size": .int(Int64(data.count))]
                _ = try await intent.sendMessage(room, content: .object(content))
            } catch {
                logger.warning("could not send a file", metadata: ["path": "\(url.path)", "error": "\(error)"])
                throw error
            }
        }
    }
}
