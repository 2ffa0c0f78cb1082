/// An `m.room.message` `msgtype`. Unknown ones (`m.location`, custom types) are kept as they are.
public struct MessageType: MatrixIdentifier {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }

    public static let text: MessageType = "m.text"
    public static let notice: MessageType = "m.notice"
    public static let emote: MessageType = "m.emote"
    public static let image: MessageType = "m.image"
    public static let file: MessageType = "m.file"
    public static let audio: MessageType = "m.audio"
    public static let video: MessageType = "m.video"

    /// The types whose content names an attachment (`url` or `file`).
    public var isMedia: Bool { self == .image || self == .file || self == .audio || self == .video }
}
