import Images
import MatrixAppService

/// The `image:` section: the size and format images users send are converted to before an agent reads them.
enum ImageSettings {
    static let keys: Set<String> = ["max_dimension", "format", "quality"]
    static let formats = ImageFormat.allCases.map(\.rawValue) + ["original"]

    /// Reads the section as written, collecting one error per bad key.
    static func parse(_ value: JSONValue?) -> (ImageOptions, [ConfigError]) {
        var options = ImageOptions()
        var reader = SectionReader(prefix: "image")
        guard let section = reader.mapping(value, keys: keys, what: "image settings, e.g. { max_dimension: 2000, format: webp }") else {
            return (options, reader.errors)
        }
        if let size = reader.int(section, "max_dimension") {
            if ImageOptions.dimensionRange.contains(size) {
                options.maxDimension = size
            } else {
                reader.fail("max_dimension", "must be from 16 to 16383 (pixels, the longest side), not \(size)")
            }
        }
        if let quality = reader.int(section, "quality") {
            if ImageOptions.qualityRange.contains(quality) { options.quality = quality } else { reader.fail("quality", "must be from 1 to 100, not \(quality)") }
        }
        if let name = reader.string(section, "format")?.lowercased() {
            if name == "original" {
                options.format = nil
            } else if let format = ImageFormat(rawValue: name == "jpg" ? "jpeg" : name) {
                options.format = format
            } else {
                reader.fail("format", "expected one of \(formats.joined(separator: ", ")), not \"\(name)\"")
            }
        }
        return (options, reader.errors)
    }
}
