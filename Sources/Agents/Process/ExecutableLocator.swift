import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds an executable the way a shell would, before spawning, so a missing tool
/// becomes a clear message instead of a failed exec in the child.
enum ExecutableLocator {
    /// `command` with a slash is a path (relative to `directory`); otherwise each PATH entry is tried.
    static func locate(_ command: String, path: String?, relativeTo directory: String) -> String? {
        if command.contains("/") {
            let full = command.hasPrefix("/") ? command : (directory as NSString).appendingPathComponent(command)
            return isExecutableFile(full) ? full : nil
        }
        let entries = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for entry in entries {
            let dir = entry.isEmpty ? "." : String(entry)
            let candidate = (dir as NSString).appendingPathComponent(command)
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
