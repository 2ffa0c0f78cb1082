import TroupePostgres

/// `database:`: one SQLite file (the default), or PostgreSQL.
public enum DatabaseSettings: Sendable, Equatable, CustomStringConvertible {
    /// The file, resolved against the config file's folder.
    case sqlite(path: String)
    case postgres(PostgresURI, maxOpenConnections: Int)

    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite \(path)"
        case .postgres(let uri, let connections): "postgres \(uri) (up to \(connections) connections)"
        }
    }

    static func parse(_ section: ConfigFile.Database?, resolve: (String) -> String) -> (DatabaseSettings, [ConfigError]) {
        var errors: [ConfigError] = []
        let maxOpen = section?.maxOpenConns ?? PostgresPool.defaultMaxConnections
        if !(1...1000).contains(maxOpen) { errors.append(ConfigError("database.max_open_conns", "must be between 1 and 1000, not \(maxOpen)")) }
        switch section?.type ?? "sqlite" {
        case "sqlite":
            let uri = section?.uri ?? "troupe.db"
            if uri.isEmpty {
                errors.append(ConfigError("database.uri", "must name a file"))
            } else if uri.hasPrefix("postgres://") || uri.hasPrefix("postgresql://") {
                errors.append(ConfigError("database.uri", "is a PostgreSQL URI, but database.type is sqlite; set database.type: postgres"))
            }
            return (.sqlite(path: resolve(uri)), errors)
        case "postgres":
            guard let uri = section?.uri, !uri.isEmpty else {
                errors.append(ConfigError("database.uri", "missing: database.type postgres needs postgres://user:password@host:port/database"))
                return (.sqlite(path: resolve("troupe.db")), errors)
            }
            do {
                return (.postgres(try PostgresURI(parsing: uri), maxOpenConnections: maxOpen), errors)
            } catch {
                errors.append(ConfigError("database.uri", error.description))
                return (.sqlite(path: resolve("troupe.db")), errors)
            }
        case let other:
            errors.append(ConfigError("database.type", "unknown type \"\(other)\" (use sqlite or postgres)"))
            return (.sqlite(path: resolve("troupe.db")), errors)
        }
    }
}

/// A SQLite file was asked for (tests, tools that open it directly) but `database.type` is postgres.
public struct DatabaseIsNotSQLite: Error, Sendable, CustomStringConvertible {
    public var description: String { "database.type is postgres: there is no SQLite file to open" }
}
