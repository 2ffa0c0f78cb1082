import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// Opens the one SQLite database Troupe uses (WAL) and runs every module's migrations.
public enum TroupeDatabase {
    public static func open(path: String, migrations: [(inout DatabaseMigrator) -> Void]) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL + NORMAL: a commit survives a process crash (the case we must not lose data in);
            // only power loss can drop the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // No checkpoint inside a commit: it fsyncs, and would stall whichever transaction from the
            // homeserver happened to cross the threshold. `WALCheckpointer` does it off the write path.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try makePrivate(path)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrate(pool, migrations: migrations)
        for suffix in ["-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
        return pool
    }

    /// The database holds chats, olm pickles and tokens: it is created 0600 before SQLite opens it (SQLite then
    /// gives its -wal and -shm files the same mode), and an existing one is made 0600.
    static func makePrivate(_ path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        _ = fchmod(fd, 0o600)
        close(fd)
        for suffix in ["-wal", "-shm"] { _ = chmod(path + suffix, 0o600) }
    }

    public static func migrate(_ writer: any DatabaseWriter, migrations: [(inout DatabaseMigrator) -> Void]) throws {
        var migrator = DatabaseMigrator()
        for register in migrations { register(&migrator) }
        try migrator.migrate(writer)
    }
}
