/// The `image:` section: how large, and in which format, images reach the agents.
public struct ImageOptions: Sendable, Equatable {
    public static let defaultMaxDimension = 2000
    public static let defaultQuality = 85
    /// WebP's limit; JPEG's and PNG's are higher, but no model reads images anywhere near this size.
    public static let dimensionRange = 16...16383
    public static let qualityRange = 1...100

    /// The longest side, in pixels, after shrinking; smaller images keep their size.
    public var maxDimension = defaultMaxDimension
    /// Nil: images are passed on exactly as sent (`format: original`).
    public var format: ImageFormat? = .webp
    /// Encoder quality for WebP and JPEG (PNG is lossless).
    public var quality = defaultQuality

    public init(maxDimension: Int = defaultMaxDimension, format: ImageFormat? = .webp, quality: Int = defaultQuality) {
        self.maxDimension = maxDimension
        self.format = format
        self.quality = quality
    }

    /// The converter these options ask for; nil when images are passed on as sent.
    public var shrinker: ImageShrinker? {
        format.map { ImageShrinker(maxDimension: maxDimension, format: $0, quality: quality) }
    }
}
