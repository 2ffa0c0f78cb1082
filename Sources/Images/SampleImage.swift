import Foundation

/// Photo-like pictures made on the spot, for the tests and the benchmark: smooth gradients with grain, so the
/// encoders work about as hard as on a real photo.
package enum SampleImage {
    /// An encoded picture of `width` × `height`; `orientation` is stored as EXIF (6: the camera was turned a quarter
    /// clockwise, so viewers rotate it upright, swapping width and height).
    package static func make(width: Int, height: Int, format: ImageFormat = .jpeg, orientation: Int = 1, alpha: Bool = false,
                             quality: Int = 90) throws(ImageShrinkError) -> Data {
        let bands = alpha ? 4 : 3
        let pixels = [UInt8](unsafeUninitializedCapacity: width * height * bands) { buffer, count in
            var noise: UInt32 = 0x9E37_79B9
            for y in 0..<height {
                for x in 0..<width {
                    noise = noise &* 1_664_525 &+ 1_013_904_223
                    let grain = Int(noise >> 27) - 16
                    let offset = (y * width + x) * bands
                    buffer[offset] = clamp(x * 255 / max(width - 1, 1) + grain)
                    buffer[offset + 1] = clamp(y * 255 / max(height - 1, 1) + grain)
                    buffer[offset + 2] = clamp(((x + y) / 8) % 256 + grain)
                    if alpha { buffer[offset + 3] = x < width / 2 ? 0 : 255 }
                }
            }
            count = width * height * bands
        }
        return try ImageShrinker.queue.sync {
            Result { () throws(ImageShrinkError) in
                try Vips.encode(pixels: pixels, width: width, height: height, bands: bands, orientation: orientation,
                                as: format, quality: quality)
            }
        }.get()
    }

    private static func clamp(_ value: Int) -> UInt8 { UInt8(min(max(value, 0), 255)) }
}
