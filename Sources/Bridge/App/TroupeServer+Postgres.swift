import Logging
import PostgresNIO
import TroupePostgres

extension TroupeServer {
    /// `database.type: postgres`: the pool runs beside `serve`, the schema is brought up to date (under a lock of
    /// its own, so an active and a standby starting together migrate once), and `serve` runs only while this
    /// process holds the active lock. A standby waits here, listening on nothing, until the active process's
    /// connection ends; a process that loses its own lock connection has `serve` cancelled and throws
    /// `ActiveLockLost`, because the standby may be serving already.
    func withActivePostgres(uri: PostgresURI, maxConnections: Int,
                            _ serve: @escaping @Sendable (PostgresPool) async throws -> Void) async throws {
        let logger = LogModule.database.logger
        let key = AdvisoryLockKey.active(appserviceID: config.settings.id)
        try await Self.checkReachable(uri, logger: logger)
        try await PostgresPool(uri: uri, maxConnections: maxConnections, logger: logger).withRunning { pool in
            let applied = try await TroupeSchema.postgresMigrator().migrate(pool)
            if !applied.isEmpty { logger.notice("migrated the PostgreSQL schema", metadata: ["applied": "\(applied.joined(separator: ", "))"]) }
            let lock = try ActiveLock(uri: uri, key: key, applicationName: "troupe-active-lock", logger: logger)
            try await lock.whileHeld { try await serve(pool) }
        }
    }

    /// One connection first: the pool would retry a refused connection for a minute before any query failed,
    /// and the operator should hear at once what is wrong.
    static func checkReachable(_ uri: PostgresURI, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: uri.connectionConfiguration(applicationName: "troupe"),
                                                              id: 0, logger: logger)
        } catch {
            throw DatabaseUnreachable(uri: uri, reason: PostgresErrorText.describe(error))
        }
        try? await connection.close()
    }
}

/// `database.uri` names a PostgreSQL server that cannot be reached or refuses Troupe.
public struct DatabaseUnreachable: Error, Sendable, CustomStringConvertible {
    public let uri: PostgresURI
    public let reason: String
    public var description: String { "cannot connect to the database \(uri): \(reason)" }
}
