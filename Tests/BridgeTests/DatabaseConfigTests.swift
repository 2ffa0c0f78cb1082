import Foundation
import Testing
import TroupePostgres
@testable import Bridge

/// The `database:` section: SQLite by default, PostgreSQL by URI, and errors that name their key.
@Suite struct DatabaseConfigTests {
    private func yaml(_ database: String?) -> String { ConfigFixture.replacing(section: "database", with: database) }
    private func problems(_ database: String) -> [ConfigError] { ConfigFixture.problems(yaml(database)) }

    @Test func aMissingSectionMeansTroupeDbNextToTheConfig() throws {
        #expect(try TroupeConfig.parse(yaml: yaml(nil), directory: "/srv").database == .sqlite(path: "/srv/troupe.db"))
        #expect(try TroupeConfig.parse(yaml: yaml("  uri: /var/lib/troupe/t.db"), directory: "/srv").database
                == .sqlite(path: "/var/lib/troupe/t.db"))
    }

    @Test func postgresIsReadFromItsURI() throws {
        let config = try TroupeConfig.parse(
            yaml: yaml("  type: postgres\n  uri: postgres://troupe:pw@db:6432/troupe?sslmode=require\n  max_open_conns: 4"), directory: "/srv")
        #expect(config.database == .postgres(PostgresURI(host: "db", port: 6432, username: "troupe", password: "pw", database: "troupe",
                                                         sslMode: .require), maxOpenConnections: 4))
        let defaults = try TroupeConfig.parse(yaml: yaml("  type: postgres\n  uri: postgres://troupe@db/troupe"), directory: "/srv")
        #expect(defaults.database == .postgres(PostgresURI(host: "db", username: "troupe", password: nil, database: "troupe"),
                                               maxOpenConnections: 10))
    }

    @Test func badValuesNameTheirKey() {
        #expect(problems("  type: mysql") == [ConfigError("database.type", "unknown type \"mysql\" (use sqlite or postgres)")])
        #expect(problems("  type: postgres") == [ConfigError(
            "database.uri", "missing: database.type postgres needs postgres://user:password@host:port/database")])
        #expect(problems("  type: postgres\n  uri: troupe.db") == [ConfigError("database.uri", "must start with postgres:// (or postgresql://)")])
        #expect(problems("  uri: postgres://troupe@db/troupe") == [ConfigError(
            "database.uri", "is a PostgreSQL URI, but database.type is sqlite; set database.type: postgres")])
        #expect(problems("  uri: \"\"") == [ConfigError("database.uri", "must name a file")])
        #expect(problems("  max_open_conns: 0") == [ConfigError("database.max_open_conns", "must be between 1 and 1000, not 0")])
        #expect(problems("  max_open_conns: plenty").map(\.key) == ["database.max_open_conns"])
        #expect(problems("  max_open_con: 3") == [ConfigError("database.max_open_con", "unknown key; did you mean max_open_conns?")])
    }

    @Test func aURIsPasswordStaysOutOfErrors() {
        let errors = problems("  type: postgres\n  uri: postgres://troupe:hunter2@db/troupe?sslmode=maybe")
        #expect(errors.map(\.key) == ["database.uri"])
        #expect(!errors.description.contains("hunter2"))
    }

    @Test func runOnAnUnreachablePostgresFailsWithoutListening() async throws {
        let config = try TroupeConfig.parse(yaml: yaml("  type: postgres\n  uri: postgres://troupe@127.0.0.1:1/troupe?sslmode=disable"),
                                            directory: NSTemporaryDirectory())
        do {
            try await TroupeServer(config: config, logger: .init(label: "test")).run()
            Issue.record("troupe run started without its database")
        } catch let error as DatabaseUnreachable {
            #expect(error.description.hasPrefix("cannot connect to the database postgres://troupe@127.0.0.1:1/troupe"), "\(error)")
        }
    }
}
