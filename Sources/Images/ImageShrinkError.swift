/// Why an image was passed on as sent instead of converted.
public enum ImageShrinkError: Error, Equatable, CustomStringConvertible {
    /// libvips could not decode it: not an image, truncated, corrupt.
    case unreadable(String)
    /// An image format Troupe does not convert (libvips's loader name).
    case unsupported(loader: String)
    /// A vector image (SVG): it has no pixel size to shrink, and rasterising it loses what makes it useful.
    case vector
    /// Several frames (an animated GIF or WebP, a multi-page TIFF): converting keeps only the first.
    case animated(frames: Int)
    /// More pixels than Troupe decodes (a decompression bomb, or a scan far beyond what a model reads).
    case tooLarge(width: Int, height: Int)
    /// libvips failed while resizing or encoding.
    case conversion(String)

    /// Kept as sent on purpose, not for a fault: worth a notice, not a warning.
    public var isDeliberate: Bool {
        switch self {
        case .vector, .animated: true
        case .unreadable, .unsupported, .tooLarge, .conversion: false
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let reason): "not a readable image (\(reason))"
        case .unsupported(let loader): "an image format Troupe does not convert (\(loader))"
        case .vector: "a vector image (SVG), kept as drawn"
        case .animated(let frames): "an animation of \(frames) frames, kept whole"
        case .tooLarge(let width, let height):
            "\(width)×\(height) pixels, more than the \(ImageShrinker.maxPixels / 1_000_000) megapixels Troupe decodes"
        case .conversion(let reason): "libvips could not convert it (\(reason))"
        }
    }
}
