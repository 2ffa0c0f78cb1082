/// What an image's header says, read without decoding its pixels.
public struct ImageInfo: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// libvips's loader, which names the format it found in the bytes: `jpegload`, `pngload`, `webpload`, …
    public var loader: String
    /// Frames or pages; above 1 for animations.
    public var pages: Int
    /// The EXIF orientation, 1 (upright) to 8.
    public var orientation: Int
    public var hasEXIF: Bool
    /// An embedded ICC colour profile.
    public var hasProfile: Bool
    public var hasAlpha: Bool
}
