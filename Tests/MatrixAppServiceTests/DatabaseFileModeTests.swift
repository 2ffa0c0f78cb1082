import Foundation
import GRDB
import Testing
@testable import MatrixAppService

/// The database holds chats, olm pickles and tokens: only Troupe's user may read it, whatever the umask.
@Suite struct DatabaseFileModeTests {
    @Test func databaseAndWALAreOwnerOnly() throws {
        let previous = umask(0o022)
        defer { umask(previous) }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-db-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("state/troupe.db").path
        let pool = try TroupeDatabase.open(path: path, migrations: [{ migrator in
            migrator.registerMigration("t") { db in try db.execute(sql: "CREATE TABLE t (x)") }
        }])
        try pool.write { db in try db.execute(sql: "INSERT INTO t VALUES (1)") }
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            #expect(stat(file, &info) == 0, "\(file) missing")
            #expect(info.st_mode & 0o777 == 0o600, "\(file): \(String(info.st_mode & 0o777, radix: 8))")
        }
        var info = stat()
        #expect(stat(root.appendingPathComponent("state").path, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }

    @Test func anExistingWorldReadableDatabaseIsMadePrivate() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("troupe.db").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try TroupeDatabase.open(path: path, migrations: [])
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }
}
