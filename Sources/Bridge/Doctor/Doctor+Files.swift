import Foundation
import GRDB
import MatrixAppService

/// The config, the registration and the database hold tokens, keys and chats: they should be this user's alone.
extension Doctor {
    func fileModes() -> [Check] {
        var files = [("config", context.configPath), ("registration", context.registrationPath)]
        if case .sqlite(let path) = config.database { files.append(("database", path)) }
        return files.map { what, path in FileMode.check(what: what, path: path) }
    }

    /// Opens the database without writing to it: no migration, no new file. With `troupe run` holding it (its
    /// `-wal` and `-shm` files exist) it is opened read-only in place; otherwise a read-only open would create
    /// those two files, so a private copy is read instead.
    func database() async -> Check {
        let path: String
        switch config.database {
        case .sqlite(let file): path = file
        case .postgres(let uri, _): return await PostgresDoctor(uri: uri, appserviceID: config.settings.id, logger: logger).check()
        }
        guard FileManager.default.fileExists(atPath: path) else {
            return Check(.warn, "database", "\(path) does not exist yet; `troupe run` creates it (doctor does not)")
        }
        do {
            let (pending, transactions) = try DatabaseSnapshot.read(path: path) { db in
                var migrator = DatabaseMigrator()
                for register in TroupeServer.migrations { register(&migrator) }
                let applied = try migrator.appliedIdentifiers(db)
                let pending = migrator.migrations.filter { !applied.contains($0) }
                guard try db.tableExists("appservice_inbox") else { return (pending, 0) }
                let inbox = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM appservice_inbox WHERE processed_at IS NULL") ?? 0
                return (pending, inbox)
            }
            let migrations = pending.isEmpty ? "schema up to date" : "\(pending.count) migrations pending (`troupe run` applies them)"
            return Check(.ok, "database", "\(path) opens read-only (\(migrations), \(transactions) transactions waiting)")
        } catch {
            return Check(.fail, "database", "cannot read \(path): \(error)")
        }
    }
}

enum DatabaseSnapshot {
    static func read<T>(path: String, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let fm = FileManager.default
        if fm.fileExists(atPath: path + "-wal") && fm.fileExists(atPath: path + "-shm") {
            return try DatabaseQueue(path: path, configuration: configuration).read(body)
        }
        let directory = fm.temporaryDirectory.appendingPathComponent("troupe-doctor-\(UUID().uuidString)")
        try fm.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("troupe.db").path
        try fm.copyItem(atPath: path, toPath: copy)
        let result = try DatabaseQueue(path: copy, configuration: configuration).read(body)
        return result
    }
}

/// Ownership and mode of one file.
enum FileMode {
    static func check(what: String, path: String, user: uid_t = getuid()) -> Doctor.Check {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return Doctor.Check(.skip, "\(what) file", "skipped: \(path) does not exist")
        }
        let mode = info.st_mode & 0o777
        let octal = String(mode, radix: 8)
        if info.st_uid != user {
            return Doctor.Check(.warn, "\(what) file", "\(path) belongs to uid \(info.st_uid), not to uid \(user) running doctor; "
                + "run Troupe as the file's owner, or `chown` it to the user Troupe runs as")
        }
        if mode & 0o077 != 0 {
            let who = mode & 0o007 != 0 ? "everyone" : "its group"
            return Doctor.Check(.warn, "\(what) file", "\(path) is open to \(who) (mode \(octal)) and holds secrets; `chmod 600 \(path)`")
        }
        return Doctor.Check(.ok, "\(what) file", "\(path) is private (mode \(octal))")
    }
}
