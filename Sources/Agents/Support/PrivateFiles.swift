import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files and folders only Troupe's own user may read: they hold chats, attachments, keys and tokens.
/// Directories are 0700 and files 0600, whatever the umask of whoever started Troupe.
public enum PrivateFiles {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Makes the process's umask 077, so every file created from here on (SQLite's WAL, tools' output) is private.
    public static func restrictUmask() { umask(0o077) }

    /// Creates `url` and any missing parents as 0700; an existing `url` is made 0700 too (its parents are
    /// left as they are: they may be the operator's).
    public static func createDirectory(_ url: URL) throws {
        var missing: [String] = []
        var current = url.standardizedFileURL
        while !FileManager.default.fileExists(atPath: current.path) && current.path != "/" {
            missing.insert(current.path, at: 0)
            current = current.deletingLastPathComponent()
        }
        for path in missing {
            if mkdir(path, directoryMode) != 0 && errno != EEXIST {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            _ = chmod(path, directoryMode)  // mkdir's mode is filtered by the umask
        }
        _ = chmod(url.path, directoryMode)
    }

    /// Writes `data` to a new or existing file, leaving it 0600.
    public static func write(_ data: Data, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, fileMode)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        _ = fchmod(fd, fileMode)
        try handle.write(contentsOf: data)
    }

    /// Makes an existing file 0600; a missing one is no error.
    public static func restrict(_ path: String) {
        _ = chmod(path, fileMode)
    }
}
