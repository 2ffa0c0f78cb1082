import Foundation
import Yams

/// `as_token_file: /run/secrets/as_token` instead of `as_token: …`: secrets kept out of the config file (Docker
/// and systemd credentials, Kubernetes secrets). The file's content, without its trailing newline, is the value.
extension ConfigDocument {
    /// The keys that hold secrets; each may instead be given as `<key>_file`.
    static let secretKeys: [ConfigPath] = [
        ConfigPath(dotted: "appservice.as_token"), ConfigPath(dotted: "appservice.hs_token"), ConfigPath(dotted: "encryption.pickle_key"),
    ]

    static func fileKey(of secret: ConfigPath) -> ConfigPath {
        guard case .key(let name)? = secret.last else { return secret }
        return secret.parent.appending(.key(name + "_file"))
    }

    /// Replaces each `<key>_file` by the file's content. Relative paths are read from `directory` (the config's).
    /// Where both forms are given in one place (both in the file, or both in the environment) that is an error;
    /// where one comes from the environment, it wins over the file's. Returns the problems and the secret keys
    /// they leave unset (their "missing" would only repeat the problem).
    mutating func readSecretFiles(directory: String, read: (String) throws -> String = SecretFile.read) -> ([ConfigError], Set<ConfigPath>) {
        var errors: [ConfigError] = []
        var unset: Set<ConfigPath> = []
        for secret in Self.secretKeys {
            let fileKey = Self.fileKey(of: secret)
            guard let fileNode = node(at: fileKey), fileNode.null == nil else {
                if node(at: fileKey) != nil { try? set(nil, at: fileKey) }
                continue
            }
            if let value = node(at: secret), value.null == nil {
                switch (origin(of: secret) != nil, origin(of: fileKey) != nil) {
                case (true, false):
                    try? set(nil, at: fileKey)
                    continue
                case (false, true):
                    break
                default:
                    errors.append(ConfigError(secret.description, "is given twice: as \(secret) and as \(fileKey); keep one"))
                    try? set(nil, at: fileKey)
                    unset.insert(secret)
                    continue
                }
            }
            let origin = origin(of: fileKey).map { " (\($0))" } ?? ""
            try? set(nil, at: fileKey)
            guard let name = fileNode.scalar?.string, !name.isEmpty else {
                errors.append(ConfigError(fileKey.description, "expected the path of a file holding \(secret)\(origin)"))
                unset.insert(secret)
                continue
            }
            let path = name.hasPrefix("/") ? name : URL(fileURLWithPath: directory).appendingPathComponent(name).standardizedFileURL.path
            do {
                let content = try read(path)
                guard !content.isEmpty else {
                    errors.append(ConfigError(fileKey.description, "\(path) is empty; it should hold \(secret)\(origin)"))
                    unset.insert(secret)
                    continue
                }
                try? set(Node(content, Tag(.str)), at: secret, origin: "read from \(path)")
            } catch {
                errors.append(ConfigError(fileKey.description, "cannot read \(path)\(origin): \(SecretFile.reason(error))"))
                unset.insert(secret)
            }
        }
        return (errors, unset)
    }
}

/// Reading a secret's file.
enum SecretFile {
    enum Failure: Error {
        case noSuchFile, permissionDenied, notText
    }

    /// The content without trailing line breaks (files written by `echo` or editors end in one).
    static func read(_ path: String) throws -> String {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { throw Failure.noSuchFile }
        guard files.isReadableFile(atPath: path) else { throw Failure.permissionDenied }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else { throw Failure.notText }
        var trimmed = Substring(text)
        while let last = trimmed.last, last == "\n" || last == "\r" || last == "\r\n" { trimmed = trimmed.dropLast() }
        return String(trimmed)
    }

    static func reason(_ error: any Error) -> String {
        switch error as? Failure {
        case .noSuchFile?: "no such file"
        case .permissionDenied?: "permission denied"
        case .notText?: "not UTF-8 text"
        case nil: error.localizedDescription
        }
    }
}
