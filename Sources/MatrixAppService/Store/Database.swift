import Foundation
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
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrate(pool, migrations: migrations)
        return pool
    }

    public static func migrate(_ writer: any DatabaseWriter, migrations: [(inout DatabaseMigrator) -> Void]) throws {
        var migrator = DatabaseMigrator()
        for register in migrations { register(&migrator) }
        try migrator.migrate(writer)
    }
}
