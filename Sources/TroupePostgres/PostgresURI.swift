import Foundation
import PostgresNIO

/// `database.uri` for PostgreSQL: `postgres://user:password@host:port/database?sslmode=…`, read the way libpq reads
/// it (percent-decoded user and password, port 5432 and `sslmode=prefer` when left out), so an operator can paste
/// the URI they already give `psql`.
public struct PostgresURI: Sendable, Equatable, CustomStringConvertible {
    /// libpq's modes. `prefer` and `require` encrypt without checking the certificate, as libpq does.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, sslMode: SSLMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads a URI, or says what is wrong with it (never echoing the password).
    public init(parsing text: String) throws(ParseError) {
        func fail(_ problem: String) -> ParseError { ParseError(description: problem) }
        guard let components = URLComponents(string: text) else {
            throw fail("not a URI; expected postgres://user:password@host:port/database")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw fail("must start with postgres:// (or postgresql://)")
        }
        guard let host = components.host, !host.isEmpty else { throw fail("names no host (postgres://user@host/database)") }
        // URLComponents hands user, password and path back percent-decoded already.
        guard let user = components.user, !user.isEmpty else {
            throw fail("names no user (postgres://user@\(host)/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw fail("must name one database after the host (…@\(host)/troupe)") }
        var mode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw fail("unknown parameter \"\(item.name)\" (only sslmode is read)")
            }
            guard let value = item.value, let parsed = SSLMode(rawValue: value) else {
                throw fail("sslmode must be one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(item.value ?? "")\"")
            }
            mode = parsed
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw fail("port must be between 1 and 65535, not \(port)") }
        self.init(host: host, port: port, username: user,
                  password: components.password, database: database, sslMode: mode)
    }

    /// The URI without its password, for logs and error messages.
    public var description: String {
        let user = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)\(password == nil ? "" : ":***")@\(hostPart):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable, .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        return tls
    }

    /// For the pool the stores share.
    public func clientConfiguration(maxConnections: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration)
        case .require, .verifyCA, .verifyFull: .require(tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: tls)
        configuration.options.maximumConnections = maxConnections
        configuration.options.additionalStartupParameters = [("application_name", "troupe")]
        return configuration
    }

    /// For one connection of its own (the active lock), outside the pool.
    public func connectionConfiguration(applicationName: String = "troupe") throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require, .verifyCA, .verifyFull: tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password,
                                                             database: database, tls: tls)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }
}
