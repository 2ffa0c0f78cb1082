import Dispatch
import Foundation

/// Shrinks an image to fit `maxDimension` (never enlarging it), turns it upright by its EXIF orientation, strips
/// its metadata and encodes it as `format`. A failure says why, and the caller keeps the original.
public struct ImageShrinker: Sendable {
    /// Decoding a bigger image costs more time and memory than any use of it is worth (a phone's 200 MP mode fits).
    public static let maxPixels = 250_000_000
    /// The formats converted; anything else libvips reads (SVG, PDF, FITS, …) is passed on as sent.
    static let convertedLoaders: Set<String> = [
        "jpegload", "pngload", "webpload", "heifload", "tiffload", "gifload", "jp2kload", "jxlload",
    ]

    /// Every libvips call runs here, one at a time process-wide: libvips's error buffer is global, and each
    /// conversion already spreads over the cores on libvips's own threads. It also keeps the blocking decode off
    /// Swift's cooperative pool.
    static let queue = DispatchQueue(label: "troupe.images", qos: .utility)

    public let maxDimension: Int
    public let format: ImageFormat
    public let quality: Int

    public init(maxDimension: Int = ImageOptions.defaultMaxDimension, format: ImageFormat = .webp,
                quality: Int = ImageOptions.defaultQuality) {
        self.maxDimension = maxDimension
        self.format = format
        self.quality = quality
    }

    /// The image at `url`, converted. Reads the file; never changes it.
    public func shrink(fileAt url: URL) async throws(ImageShrinkError) -> ShrunkImage {
        let result = await withCheckedContinuation { (done: CheckedContinuation<Result<ShrunkImage, ImageShrinkError>, Never>) in
            Self.queue.async { [self] in
                done.resume(returning: Result { () throws(ImageShrinkError) in try shrinkNow(path: url.path) })
            }
        }
        return try result.get()
    }

    /// The header of an encoded image (tests and the benchmark check their output with it).
    package static func inspect(_ data: Data) throws(ImageShrinkError) -> ImageInfo {
        try queue.sync { Result { () throws(ImageShrinkError) in try Vips.header(of: data) } }.get()
    }

    private func shrinkNow(path: String) throws(ImageShrinkError) -> ShrunkImage {
        let info = try Vips.header(ofFileAt: path)
        if info.loader == "svgload" { throw .vector }
        guard Self.convertedLoaders.contains(info.loader) else { throw .unsupported(loader: info.loader) }
        if info.pages > 1 { throw .animated(frames: info.pages) }
        if info.width * info.height > Self.maxPixels { throw .tooLarge(width: info.width, height: info.height) }
        return try Vips.thumbnail(fileAt: path, size: maxDimension, toSRGB: info.hasProfile, format: format, quality: quality)
    }
}

/// A converted image, ready to be written in place of the original.
public struct ShrunkImage: Sendable {
    public var data: Data
    public var width: Int
    public var height: Int
    public var format: ImageFormat
}
