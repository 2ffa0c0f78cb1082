import Agents
import Crypto
import Foundation
import MatrixAppService

/// Attachments users send: downloaded (authenticated media, decrypted where they were sent encrypted) into the
/// chat's attachment folder when their turn starts.
struct MatrixMedia: Sendable {
    static let mediaTypes: Set<String> = Set([MessageType.image, .file, .audio, .video].map(\.rawValue))

    /// What one download may fetch, in bytes.
    static let downloadLimit = 100 * 1024 * 1024

    /// The attachment of a media message, named but not yet downloaded: its path in the chat's attachment
    /// folder, and the download (decrypting, if it was sent encrypted) that the turn runs when it starts.
    /// Downloads take up to minutes (100 MB, retries), so they never run on the dispatcher.
    static func pending(_ event: ClientEvent, with intent: Intent, folder: URL) -> (Attachment, IncomingMessage.AttachmentDownload)? {
        guard let content = event.messageContent, content.msgtype?.isMedia == true else { return nil }
        guard content.url != nil || content.file != nil else { return nil }
        let name = safeFilename(content.filename ?? content.body)
        // Prefixed with a digest of the event id, so two files of the same name do not overwrite each other.
        let prefix = SHA256.hash(data: Data(event.eventID.rawValue.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        let file = folder.appendingPathComponent("\(prefix)-\(name)")
        let attachment = Attachment(path: file.path, filename: name, mimeType: content.info?.mimetype)
        let limit = downloadLimit
        let fetch: IncomingMessage.AttachmentDownload = {
            // Said before the download when the sender gave the size, rather than after fetching 100 MB of it.
            if let size = content.info?.size, size > Int64(limit) {
                throw AgentError.AttachmentFailure.tooLarge(megabytes: Int(size / 1_048_576), limit: limit / 1_048_576)
            }
            guard let (data, _) = try await intent.downloadAttachment(of: content, maxBytes: limit) else { throw AgentError.AttachmentFailure.noFile }
            try PrivateFiles.write(data, to: file)
        }
        return (attachment, fetch)
    }

    /// The text that goes with an attachment: a caption if the client sent one (`body` differs from
    /// `filename`), else nothing.
    static func caption(of content: JSONValue) -> String { caption(of: MessageContent(json: content)) }

    static func caption(of content: MessageContent) -> String {
        guard let filename = content.filename, content.body != filename else { return "" }
        return content.body
    }

    static func safeFilename(_ raw: String) -> String {
        let last = raw.split(separator: "/").last.map(String.init) ?? raw
        let cleaned = String(last.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "_" })
        let trimmed = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return trimmed.isEmpty ? "attachment" : String(trimmed.prefix(100))
    }
}
