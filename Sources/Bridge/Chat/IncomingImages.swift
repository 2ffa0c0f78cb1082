import Agents
import Foundation
import Images
import Logging

/// Images users send, shrunk and converted (`image:` in the config) after their download and before the agent
/// reads them, for every transport alike. Whatever goes wrong, the agent gets the file as sent, and the log says why.
struct IncomingImages: Sendable {
    /// Nil when `image.format` is `original`: every file is passed on as sent.
    let shrinker: ImageShrinker?

    init(_ options: ImageOptions) {
        shrinker = options.shrinker
    }

    /// Raster formats by extension, for files whose sender gave no type (or a generic one).
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "gif", "heic", "heif", "avif", "tif", "tiff", "jp2", "jxl"]

    /// Whether `attachment` is an image worth handing to libvips. SVG never is: it is passed on as drawn, and its
    /// parser never sees what users send.
    static func isRasterImage(_ attachment: Attachment) -> Bool {
        let ext = URL(fileURLWithPath: attachment.filename).pathExtension.lowercased()
        if ext == "svg" || ext == "svgz" { return false }
        guard let mime = attachment.mimeType?.lowercased(), mime != "application/octet-stream" else {
            return imageExtensions.contains(ext)
        }
        return mime.hasPrefix("image/") && !mime.hasPrefix("image/svg")
    }

    /// The attachment as the agent should read it: the converted file in place of the downloaded one (same folder,
    /// same name with the new format's extension), or the download untouched.
    func prepare(_ attachment: Attachment, logger: Logger) async -> Attachment {
        guard let shrinker, Self.isRasterImage(attachment) else { return attachment }
        let source = URL(fileURLWithPath: attachment.path)
        var logger = logger
        logger[metadataKey: "file"] = "\(source.lastPathComponent)"
        let image: ShrunkImage
        do {
            image = try await shrinker.shrink(fileAt: source)
        } catch {
            let message: Logger.Message = "image passed on as sent: \(error)"
            if error.isDeliberate { logger.notice(message) } else { logger.warning(message) }
            return attachment
        }
        let ext = image.format.fileExtension
        let target = source.deletingPathExtension().appendingPathExtension(ext)
        // Written beside and renamed into place: the target may be the download itself (a WebP sent as WebP), which
        // a failed write must not leave half overwritten.
        let partial = source.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).part")
        do {
            try PrivateFiles.write(image.data, to: partial)
            guard rename(partial.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            logger.warning("image passed on as sent: could not write its converted copy", metadata: ["error": "\(error)"])
            try? FileManager.default.removeItem(at: partial)
            return attachment
        }
        if target != source { try? FileManager.default.removeItem(at: source) }
        logger.debug("image converted", metadata: ["size": "\(image.width)x\(image.height)", "format": "\(image.format.rawValue)"])
        let stem = URL(fileURLWithPath: attachment.filename).deletingPathExtension().lastPathComponent
        return Attachment(path: target.path, filename: "\(stem).\(ext)", mimeType: image.format.mimeType)
    }
}
