/// The `info` of a media message: what a client shows before downloading.
public struct MediaInfo: Sendable, Hashable, Codable {
    public var mimetype: String?
    public var size: Int64?
    public var width: Int64?
    public var height: Int64?
    /// Milliseconds, for audio and video.
    public var duration: Int64?

    public init(mimetype: String? = nil, size: Int64? = nil, width: Int64? = nil, height: Int64? = nil, duration: Int64? = nil) {
        self.mimetype = mimetype
        self.size = size
        self.width = width
        self.height = height
        self.duration = duration
    }

    public init?(json: JSONValue) {
        guard json.objectValue != nil else { return nil }
        mimetype = json["mimetype"]?.stringValue
        size = json["size"]?.intValue
        width = json["w"]?.intValue
        height = json["h"]?.intValue
        duration = json["duration"]?.intValue
    }

    public var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("mimetype", mimetype)
        object.set("size", size)
        object.set("w", width)
        object.set("h", height)
        object.set("duration", duration)
        return object.json
    }

    public init(from decoder: any Decoder) throws {
        self = MediaInfo(json: try JSONValue(from: decoder)) ?? MediaInfo()
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}
