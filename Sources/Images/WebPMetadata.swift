/// Removes metadata chunks from a WebP file. libvips 8.14.1 (Debian 12's) ignores `strip` in webpsave and always
/// writes an EXIF chunk (fixed in 8.14.2); dropping the chunks here strips on every version.
enum WebPMetadata {
    private static let metadataChunks: Set<String> = ["EXIF", "XMP ", "ICCP"]
    /// VP8X flag bits announcing the chunks removed: ICC profile, EXIF, XMP.
    private static let metadataFlags: UInt8 = 0x20 | 0x08 | 0x04

    /// `webp` without its EXIF, XMP and ICC chunks; unchanged if it is not a well-formed WebP container.
    static func stripped(_ webp: [UInt8]) -> [UInt8] {
        guard webp.count >= 12, fourCC(webp, at: 0) == "RIFF", fourCC(webp, at: 8) == "WEBP" else { return webp }
        var chunks: [UInt8] = []
        var flagsAt: Int?
        var offset = 12
        while offset < webp.count {
            guard offset + 8 <= webp.count else { return webp }
            let size = Int(webp[offset + 4]) | Int(webp[offset + 5]) << 8 | Int(webp[offset + 6]) << 16 | Int(webp[offset + 7]) << 24
            let end = offset + 8 + size + (size & 1)
            guard end <= webp.count else { return webp }
            let name = fourCC(webp, at: offset)
            if !metadataChunks.contains(name) {
                if name == "VP8X" { flagsAt = chunks.count + 8 }
                chunks += webp[offset..<end]
            }
            offset = end
        }
        if let flagsAt, flagsAt < chunks.count { chunks[flagsAt] &= ~metadataFlags }
        let riffSize = UInt32(4 + chunks.count)
        return Array("RIFF".utf8) + (0..<4).map { UInt8(truncatingIfNeeded: riffSize >> (8 * $0)) } + Array("WEBP".utf8) + chunks
    }

    private static func fourCC(_ bytes: [UInt8], at offset: Int) -> String {
        String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
    }
}
