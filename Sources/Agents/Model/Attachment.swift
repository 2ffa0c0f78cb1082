import Foundation

/// A file the user sent with a message. The transport stores it (ideally inside
/// the agent's workspace) and hands over the path; the agent reads it from disk.
public struct Attachment: Sendable, Equatable, Codable {
    public var path: String
    public var filename: String
    public var mimeType: String?

    public init(path: String, filename: String? = nil, mimeType: String? = nil) {
        self.path = path
        self.filename = filename ?? URL(fileURLWithPath: path).lastPathComponent
        self.mimeType = mimeType
    }
}

/// Fetches a turn's attachments and returns them as stored. Runs when the turn starts, inside the conversation's
/// queue, so a slow download holds up only that chat, never the transport's dispatcher. A file stored under another
/// name or type than the one submitted (an image converted to WebP) is named that way in the prompt the agent gets.
public typealias AttachmentFetch = @Sendable () async throws -> [Attachment]
