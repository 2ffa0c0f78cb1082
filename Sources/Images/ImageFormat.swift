/// What images are converted to before an agent reads them (`image.format`).
public enum ImageFormat: String, Sendable, CaseIterable {
    case webp, jpeg, png

    public var mimeType: String {
        switch self {
        case .webp: "image/webp"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var fileExtension: String {
        switch self {
        case .webp: "webp"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }
}
