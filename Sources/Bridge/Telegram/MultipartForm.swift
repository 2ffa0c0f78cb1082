import Foundation

/// A `multipart/form-data` body, for the Bot API methods that upload files.
struct MultipartForm {
    let boundary = "troupe-" + UUID().uuidString
    private var parts = Data()

    /// The parts so far and the closing boundary.
    var body: Data { parts + Data("--\(boundary)--\r\n".utf8) }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func add(_ name: String, _ value: String) {
        parts.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8))
        parts.append(Data(value.utf8))
        parts.append(Data("\r\n".utf8))
    }

    mutating func addFile(_ name: String, filename: String, mimeType: String, data: Data) {
        // Quotes and line breaks in a file name would end the header early.
        let safeName = filename.filter { $0 != "\"" && $0 != "\r" && $0 != "\n" }
        parts.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(safeName)\"\r\n".utf8))
        parts.append(Data("Content-Type: \(mimeType)\r\n\r\n".utf8))
        parts.append(data)
        parts.append(Data("\r\n".utf8))
    }
}
