import Agents
import Crypto
import Foundation

/// Photos, documents, audio, voice notes and videos sent to an agent: fetched with `getFile` into the chat's attachment folder,
/// like Matrix media, and handed to the agent with the caption as the prompt.
enum TelegramMedia {
    /// The message's document, audio, voice note or video, with a name for it when it has none.
    static func file(of message: TelegramMessage) -> (TelegramDocument, String)? {
        if let document = message.document { return (document, "document") }
        if let audio = message.audio { return (audio, "audio-\(message.messageID)") }
        if let voice = message.voice { return (voice, "voice-\(message.messageID).ogg") }
        if let video = message.video { return (video, "video-\(message.messageID).mp4") }
        return nil
    }

    /// Whether the message carries something `pending` takes.
    static func hasFile(_ message: TelegramMessage) -> Bool { file(of: message) != nil || message.photo != nil }

    /// The message's file, named in the chat's attachment folder but not yet fetched, and the fetch that its turn
    /// runs when it starts, so a slow download holds up only this chat, not the other updates. Nil when the message
    /// carries no file; throws at once for a file over the bot download limit.
    static func pending(_ message: TelegramMessage, api: TelegramBotAPI, folder: URL) throws -> (Attachment, IncomingMessage.AttachmentDownload)? {
        let fileID: String
        let name: String
        var mime: String?
        var size: Int64?
        if let (file, fallbackName) = Self.file(of: message) {
            fileID = file.fileID
            name = MatrixMedia.safeFilename(file.fileName ?? fallbackName)
            mime = file.mimeType
            size = file.fileSize
        } else if let photo = message.photo?.max(by: { $0.width * $0.height < $1.width * $1.height }) {
            // Telegram offers each photo in several sizes; the largest is the one the user sent.
            fileID = photo.fileID
            name = "photo-\(message.messageID).jpg"
            mime = "image/jpeg"
            size = photo.fileSize
        } else {
            return nil
        }
        if let size, size > Int64(TelegramBotAPI.downloadLimit) { throw AgentError.AttachmentFailure.tooLarge(
            megabytes: Int(size / 1_048_576), limit: TelegramBotAPI.downloadLimit / 1_048_576) }
        // Prefixed with a digest of the chat and message, so two files of the same name do not collide.
        let prefix = SHA256.hash(data: Data("telegram:\(message.chat.id):\(message.messageID)".utf8)).prefix(4)
            .map { String(format: "%02x", $0) }.joined()
        let file = folder.appendingPathComponent("\(prefix)-\(name)")
        let fetch: IncomingMessage.AttachmentDownload = {
            let data = try await api.downloadFile(try await api.getFile(fileID: fileID))
            try PrivateFiles.write(data, to: file)
        }
        return (Attachment(path: file.path, filename: name, mimeType: mime), fetch)
    }
}
