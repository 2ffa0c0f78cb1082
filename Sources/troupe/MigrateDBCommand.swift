import ArgumentParser
import Bridge
import Foundation
import Logging
import TroupePostgres

struct MigrateDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-db",
        abstract: "Copy Troupe's SQLite database into an empty PostgreSQL database, then check the row counts.",
        discussion: """
            Stop troupe first. The SQLite file's schema is brought up to date (as `troupe run` would), Troupe's schema \
            is created in the PostgreSQL database, and every table is copied in one transaction: on any error nothing \
            is left in PostgreSQL. The target must be empty. Then set database.type: postgres and database.uri in the config.
            """)

    @Option(help: "The SQLite database: sqlite:PATH or PATH.")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://user:password@host:port/database")
    var to: String

    func run() async throws {
        let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        let uri: PostgresURI
        do {
            uri = try PostgresURI(parsing: to)
        } catch {
            throw ValidationError("--to: \(error.description)")
        }
        var logger = Logger(label: "troupe.migrate-db")
        logger.logLevel = .error
        print("copying \(path) into \(uri)")
        do {
            let counts = try await DatabaseCopy.sqliteToPostgres(path: path, uri: uri, logger: logger) { count in
                print("  \(count.table): \(count.rows) rows")
            }
            let rows = counts.reduce(0) { $0 + $1.rows }
            print("done: \(rows) rows in \(counts.count) tables, the same count in both databases")
        } catch let error as DatabaseCopyError {
            printError("migrate-db: \(error)")
            throw ExitCode(1)
        } catch {
            printError("migrate-db: \(PostgresErrorText.describe(error))")
            throw ExitCode(1)
        }
    }
}
