import Foundation
import Testing
@testable import Images

/// Images shrink to the configured size, turn upright, lose their metadata and take the configured format; what
/// cannot be converted says why.
@Suite struct ImageShrinkerTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("images-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func file(_ name: String, _ data: Data) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test func aLargePhotoFitsTheLongestSideAndKeepsItsAspect() async throws {
        let photo = try file("big.jpg", SampleImage.make(width: 3000, height: 2000))
        let image = try await ImageShrinker().shrink(fileAt: photo)
        #expect(image.width == 2000 && image.height == 1333, "\(image.width)×\(image.height)")
        let info = try ImageShrinker.inspect(image.data)
        #expect(info.width == 2000 && info.height == 1333)
        #expect(info.loader == "webpload")
        #expect(image.format == .webp && image.format.mimeType == "image/webp" && image.format.fileExtension == "webp")
        #expect(image.data.prefix(4) == Data("RIFF".utf8) && image.data.dropFirst(8).prefix(4) == Data("WEBP".utf8))
    }

    @Test func exifOrientationIsAppliedAndStripped() async throws {
        // Orientation 6: stored landscape, shown portrait.
        let data = try SampleImage.make(width: 3000, height: 2000, orientation: 6)
        let sent = try ImageShrinker.inspect(data)
        #expect(sent.orientation == 6 && sent.hasEXIF, "the sample carries its EXIF orientation")
        let image = try await ImageShrinker().shrink(fileAt: try file("turned.jpg", data))
        let info = try ImageShrinker.inspect(image.data)
        #expect(info.width == 1333 && info.height == 2000, "\(info.width)×\(info.height): width and height swap")
        #expect(!info.hasEXIF, "no EXIF left")
        #expect(info.orientation == 1)
    }

    @Test func aSmallImageIsNeverEnlarged() async throws {
        let photo = try file("small.jpg", SampleImage.make(width: 400, height: 300, orientation: 6))
        let image = try await ImageShrinker().shrink(fileAt: photo)
        let info = try ImageShrinker.inspect(image.data)
        // Turned upright, converted, stripped, but not scaled.
        #expect(info.width == 300 && info.height == 400, "\(info.width)×\(info.height)")
        #expect(info.loader == "webpload" && !info.hasEXIF)
    }

    @Test(arguments: [ImageFormat.jpeg, .png, .webp])
    func eachFormatIsWrittenAsAsked(_ format: ImageFormat) async throws {
        let photo = try file("in.png", SampleImage.make(width: 1200, height: 800, format: .png))
        let image = try await ImageShrinker(maxDimension: 600, format: format, quality: 70).shrink(fileAt: photo)
        let info = try ImageShrinker.inspect(image.data)
        #expect(info.loader == ["jpeg": "jpegload", "png": "pngload", "webp": "webpload"][format.rawValue])
        #expect(info.width == 600 && info.height == 400)
        #expect(image.format == format)
    }

    @Test func transparencyBecomesWhiteInAJPEG() async throws {
        // The sample's left half is fully transparent.
        let photo = try file("alpha.png", SampleImage.make(width: 200, height: 100, format: .png, alpha: true))
        let jpeg = try await ImageShrinker(format: .jpeg).shrink(fileAt: photo)
        let info = try ImageShrinker.inspect(jpeg.data)
        #expect(!info.hasAlpha && info.width == 200)
        let webp = try await ImageShrinker(format: .webp).shrink(fileAt: photo)
        #expect(try ImageShrinker.inspect(webp.data).hasAlpha, "WebP keeps the transparency")
    }

    @Test func aCorruptFileSaysWhyAndIsLeftAlone() async throws {
        let photo = try SampleImage.make(width: 800, height: 600)
        // Cut off halfway, as an interrupted upload leaves it.
        let truncated = try file("cut.jpg", photo.prefix(photo.count / 2))
        await #expect(throws: ImageShrinkError.self) { try await ImageShrinker().shrink(fileAt: truncated) }
        #expect(try Data(contentsOf: truncated) == photo.prefix(photo.count / 2))

        let text = try file("notes.jpg", Data("not an image at all".utf8))
        do {
            _ = try await ImageShrinker().shrink(fileAt: text)
            Issue.record("text was converted")
        } catch {
            guard case .unreadable(let reason) = error else { Issue.record("\(error)"); return }
            #expect(!reason.isEmpty && !error.isDeliberate)
            #expect(error.description.contains("not a readable image"))
        }
        let missing = folder.appendingPathComponent("gone.jpg")
        await #expect(throws: ImageShrinkError.self) { try await ImageShrinker().shrink(fileAt: missing) }
    }

    @Test func vectorImagesAreKept() async throws {
        let svg = try file("drawing.svg", Data(#"<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="4000"><rect width="10" height="10"/></svg>"#.utf8))
        do {
            _ = try await ImageShrinker().shrink(fileAt: svg)
            Issue.record("the SVG was converted")
        } catch {
            #expect(error == .vector && error.isDeliberate, "\(error)")
        }
    }

    @Test func animationsAreKeptWhole() async throws {
        // A two-frame GIF, 2×2 pixels each.
        let gif = Data([
            0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
            0x21, 0xFF, 0x0B, 0x4E, 0x45, 0x54, 0x53, 0x43, 0x41, 0x50, 0x45, 0x32, 0x2E, 0x30, 0x03, 0x01, 0x00, 0x00, 0x00,
            0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00,
            0x2C, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x02, 0x02, 0x84, 0x51, 0x00,
            0x21, 0xF9, 0x04, 0x00, 0x0A, 0x00, 0x00, 0x00,
            0x2C, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x02, 0x02, 0x0C, 0x0A, 0x00,
            0x3B,
        ])
        let url = try file("moving.gif", gif)
        #expect(try ImageShrinker.inspect(gif).pages == 2)
        await #expect(throws: ImageShrinkError.animated(frames: 2)) { try await ImageShrinker().shrink(fileAt: url) }
    }

    @Test func aHugeImageIsRefusedBeforeItIsDecoded() async throws {
        // A PNG header claiming 20000 × 15000 (300 MP) with a few zero bytes of pixel data: refused on its header alone.
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return bigEndian(UInt32(body.count)) + typed + bigEndian(crc32(typed))
        }
        let header = bigEndian(20000) + bigEndian(15000) + [8, 2, 0, 0, 0]
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header)
            + chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0xA0, 0x3D, 0x00, 0x00, 0x00, 0x64, 0x00, 0x01]) + chunk("IEND", [])
        let url = try file("bomb.png", Data(png))
        await #expect(throws: ImageShrinkError.tooLarge(width: 20000, height: 15000)) {
            try await ImageShrinker().shrink(fileAt: url)
        }
    }

    @Test func errorsSayWhatHappened() {
        #expect(ImageShrinkError.tooLarge(width: 30000, height: 20000).description.contains("30000×20000"))
        #expect(ImageShrinkError.animated(frames: 12).isDeliberate)
        #expect(!ImageShrinkError.unsupported(loader: "fitsload").isDeliberate)
    }
}

private func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// libvips 8.14.1 writes EXIF into every WebP, `strip` or not; the converter drops it from the container.
@Suite struct WebPMetadataTests {
    @Test func exifChunksAreRemovedAndThePictureStays() throws {
        let webp = try SampleImage.make(width: 64, height: 48, format: .webp, orientation: 6)
        #expect(try ImageShrinker.inspect(webp).hasEXIF, "the sample carries EXIF")
        let stripped = Data(WebPMetadata.stripped(Array(webp)))
        let info = try ImageShrinker.inspect(stripped)
        #expect(!info.hasEXIF && info.orientation == 1)
        #expect(info.width == 64 && info.height == 48)
        #expect(stripped.count < webp.count)
        // The RIFF size covers the rest of the file.
        let size = stripped[4..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(size == stripped.count - 8)
    }

    @Test func somethingElseIsLeftAsItIs() {
        let notWebP: [UInt8] = Array("RIFF\u{4}\0\0\0WAVEdata".utf8)
        #expect(WebPMetadata.stripped(notWebP) == notWebP)
        let cut: [UInt8] = Array("RIFF\u{40}\0\0\0WEBPVP8X\u{a}\0\0\0".utf8)
        #expect(WebPMetadata.stripped(cut) == cut)
    }
}
