import CVips
import Foundation

/// Every libvips call Troupe makes, and the only file that imports it. Run only on `ImageShrinker.queue`; each
/// function frees what it made before it returns, so no libvips pointer outlives the call that created it.
enum Vips {
    /// Nil once libvips is up; else why it is not. Started on first use, once per process.
    static let startFailure: String? = {
        guard vips_init("troupe") == 0 else { return lastError() }
        // A download and its conversion reuse file names; a cached decode must never stand in for a newer file.
        vips_cache_set_max(0)
        // Loaders libvips marks untrusted (ImageMagick, Matlab, …) never see what users send.
        vips_block_untrusted_set(1)
        troupe_vips_quiet_warnings()
        return nil
    }()

    /// libvips's message for the last failure, on one line; clears it for the next call.
    static func lastError() -> String {
        let text = String(cString: vips_error_buffer())
        vips_error_clear()
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.isEmpty ? "libvips gave no reason" : lines.joined(separator: "; ")
    }

    private static func started() throws(ImageShrinkError) {
        if let startFailure { throw .conversion("libvips did not start: \(startFailure)") }
    }

    static func header(ofFileAt path: String) throws(ImageShrinkError) -> ImageInfo {
        try started()
        guard let image = troupe_vips_open(path) else { throw refusal(lastError()) }
        defer { g_object_unref(image) }
        return info(of: image)
    }

    /// A failed open, told apart: a loader blocked as untrusted (`svgload: operation is blocked`) found the format
    /// but may not read it.
    private static func refusal(_ message: String) -> ImageShrinkError {
        guard message.hasSuffix("operation is blocked"), let loader = message.split(separator: ":").first.map(String.init) else {
            return .unreadable(message)
        }
        return loader.hasPrefix("svgload") ? .vector : .unsupported(loader: loader)
    }

    static func header(of data: Data) throws(ImageShrinkError) -> ImageInfo {
        try started()
        // The image points into `data`; it is released before the buffer is.
        let result: Result<ImageInfo, ImageShrinkError> = data.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, let image = troupe_vips_open_buffer(base, bytes.count) else {
                return .failure(.unreadable(lastError()))
            }
            defer { g_object_unref(image) }
            return .success(info(of: image))
        }
        return try result.get()
    }

    private static func info(of image: UnsafeMutablePointer<VipsImage>) -> ImageInfo {
        var loader: UnsafePointer<CChar>?
        let loaderName = vips_image_get_string(image, "vips-loader", &loader) == 0 ? loader.map { String(cString: $0) } : nil
        vips_error_clear()
        // The same loader reads files, buffers and streams (`jpegload`, `jpegload_buffer`, `jpegload_source`).
        let format = loaderName.map { name in
            ["_buffer", "_source"].reduce(name) { $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0 }
        }
        return ImageInfo(
            width: Int(vips_image_get_width(image)), height: Int(vips_image_get_height(image)),
            loader: format ?? "unknown", pages: Int(vips_image_get_n_pages(image)),
            orientation: Int(vips_image_get_orientation(image)), hasEXIF: vips_image_get_typeof(image, "exif-data") != 0,
            hasProfile: vips_image_get_typeof(image, "icc-profile-data") != 0, hasAlpha: vips_image_hasalpha(image) != 0)
    }

    /// Decodes at most what `size` needs (JPEG and WebP shrink while they load), turns upright, encodes `format`
    /// without metadata. `toSRGB` converts from the image's own colour profile, which stripping would drop.
    static func thumbnail(fileAt path: String, size: Int, toSRGB: Bool, format: ImageFormat,
                          quality: Int) throws(ImageShrinkError) -> ShrunkImage {
        try started()
        var thumbnail: UnsafeMutablePointer<VipsImage>?
        guard troupe_vips_thumbnail(path, &thumbnail, Int32(size), toSRGB ? 1 : 0) == 0, var image = thumbnail else {
            throw .unreadable(lastError())
        }
        defer { g_object_unref(image) }
        if format == .jpeg, vips_image_hasalpha(image) != 0 {
            var flat: UnsafeMutablePointer<VipsImage>?
            guard troupe_vips_flatten_white(image, &flat) == 0, let flat else { throw .conversion(lastError()) }
            g_object_unref(image)
            image = flat
        }
        let data = try encode(image, as: format, quality: quality, strip: true)
        return ShrunkImage(data: data, width: Int(vips_image_get_width(image)), height: Int(vips_image_get_height(image)),
                           format: format)
    }

    /// Runs the whole pipeline behind `image` (decoding is lazy) into one encoded buffer.
    private static func encode(_ image: UnsafeMutablePointer<VipsImage>, as format: ImageFormat, quality: Int,
                               strip: Bool) throws(ImageShrinkError) -> Data {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        let status: Int32 = switch format {
        case .webp: troupe_vips_webpsave(image, &buffer, &length, Int32(quality), strip ? 1 : 0)
        case .jpeg: troupe_vips_jpegsave(image, &buffer, &length, Int32(quality), strip ? 1 : 0)
        case .png: troupe_vips_pngsave(image, &buffer, &length, strip ? 1 : 0)
        }
        defer { g_free(buffer) }
        guard status == 0, let buffer else { throw .conversion(lastError()) }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
        return format == .webp && strip ? Data(WebPMetadata.stripped(Array(bytes))) : Data(bytes)
    }

    /// Encodes raw 8-bit pixels (`bands` per pixel, rows top to bottom), keeping `orientation` as EXIF, as test
    /// and benchmark input.
    static func encode(pixels: [UInt8], width: Int, height: Int, bands: Int, orientation: Int, as format: ImageFormat,
                       quality: Int) throws(ImageShrinkError) -> Data {
        try started()
        let made = pixels.withUnsafeBytes { bytes in
            vips_image_new_from_memory_copy(bytes.baseAddress, bytes.count, Int32(width), Int32(height), Int32(bands), VIPS_FORMAT_UCHAR)
        }
        guard let image = made else { throw .conversion(lastError()) }
        defer { g_object_unref(image) }
        image.pointee.Type = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W
        if orientation != 1 { vips_image_set_int(image, "orientation", Int32(orientation)) }
        return try encode(image, as: format, quality: quality, strip: false)
    }
}
