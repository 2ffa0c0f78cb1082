import Foundation
import Logging
import PostgresNIO

/// Schema migrations for PostgreSQL, the counterpart of GRDB's `DatabaseMigrator`: each module registers its
/// own, under the same identifiers as its SQLite ones (`appservice.v1`, …), and `troupe_migrations` records
/// which ran. All pending migrations run in one transaction (PostgreSQL's DDL is transactional), so a failed
/// start-up leaves the schema as it was.
public struct PostgresMigrator: Sendable {
    public struct Migration: Sendable {
        public let identifier: String
        /// One statement each: the extended protocol takes no multi-statement strings.
        public let statements: [String]
    }

    public private(set) var migrations: [Migration] = []

    public init() {}

    public mutating func registerMigration(_ identifier: String, _ statements: [String]) {
        precondition(!migrations.contains { $0.identifier == identifier }, "migration \(identifier) registered twice")
        migrations.append(Migration(identifier: identifier, statements: statements))
    }

    /// Serialises concurrent start-ups (an active and a standby process) while they migrate.
    static let lockKey = AdvisoryLockKey("troupe.migrations")

    /// Applies what is pending, in registration order; returns the identifiers it applied.
    @discardableResult
    public func migrate(_ database: PostgresPool) async throws -> [String] {
        let logger = database.logger
        return try await database.transaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey.value))", logger: logger)
            try await connection.execute(
                "CREATE TABLE IF NOT EXISTS troupe_migrations (identifier TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)",
                logger: logger)
            var applied = Set<String>()
            for try await identifier in try await connection.query("SELECT identifier FROM troupe_migrations", logger: logger)
                .decode(String.self) {
                applied.insert(identifier)
            }
            let unknown = applied.subtracting(migrations.map(\.identifier))
            guard unknown.isEmpty else { throw PostgresMigrationError.newerSchema(unknown.sorted()) }
            var done: [String] = []
            for migration in migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements {
                    do {
                        try await connection.execute(PostgresQuery(unsafeSQL: statement), logger: logger)
                    } catch {
                        throw PostgresMigrationError.failed(migration.identifier, PostgresErrorText.describe(error))
                    }
                }
                let now = Date.now.timeIntervalSince1970
                try await connection.execute(
                    "INSERT INTO troupe_migrations (identifier, applied_at) VALUES (\(migration.identifier), \(now))", logger: logger)
                done.append(migration.identifier)
            }
            return done
        }
    }
}

public enum PostgresMigrationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database was migrated by a newer Troupe: running an older one against it could lose data.
    case newerSchema([String])
    case failed(String, String)

    public var description: String {
        switch self {
        case .newerSchema(let identifiers):
            "the database has migrations this troupe does not know (\(identifiers.joined(separator: ", "))): it was used by a newer version"
        case .failed(let identifier, let error):
            "migration \(identifier) failed: \(error)"
        }
    }
}
