import Logging
import PostgresNIO
import PostgresTestSupport
import Testing
import TroupePostgres

@Suite struct PostgresMigratorTests {
    static let logger: Logger = {
        var logger = Logger(label: "migrator-test")
        logger.logLevel = .critical
        return logger
    }()

    func migrator(_ identifiers: [String]) -> PostgresMigrator {
        var migrator = PostgresMigrator()
        for identifier in identifiers {
            let table = identifier.replacingOccurrences(of: ".", with: "_")
            migrator.registerMigration(identifier, ["CREATE TABLE \(table) (id BIGINT PRIMARY KEY)", "INSERT INTO \(table) VALUES (1)"])
        }
        return migrator
    }

    @Test func migrationsRunOnceInOrder() async throws {
        try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, logger: Self.logger).withRunning { database in
                let first = try await migrator(["m.v1"]).migrate(database)
                let second = try await migrator(["m.v1", "m.v2"]).migrate(database)
                let third = try await migrator(["m.v1", "m.v2"]).migrate(database)
                #expect(first == ["m.v1"])
                #expect(second == ["m.v2"])
                #expect(third == [])
            }
        }
    }

    @Test func aFailingMigrationLeavesTheSchemaAsItWas() async throws {
        try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, logger: Self.logger).withRunning { database in
                var broken = migrator(["m.v1"])
                broken.registerMigration("m.v2", ["CREATE TABLE fine (id BIGINT)", "CREATE TABLE m_v1 (id BIGINT)"])
                await #expect(throws: PostgresMigrationError.self) { try await broken.migrate(database) }
                // Nothing of the failed run stayed, not even m.v1: it all runs in one transaction.
                let again = try await migrator(["m.v1"]).migrate(database)
                #expect(again == ["m.v1"])
            }
        }
    }

    @Test func aDatabaseFromANewerVersionIsRefused() async throws {
        try await TestCluster.withFreshDatabase { uri in
            try await PostgresPool(uri: uri, logger: Self.logger).withRunning { database in
                try await migrator(["m.v1", "m.v2"]).migrate(database)
                await #expect(throws: PostgresMigrationError.newerSchema(["m.v2"])) {
                    try await migrator(["m.v1"]).migrate(database)
                }
            }
        }
    }

    @Test func twoProcessesStartingTogetherMigrateOnce() async throws {
        try await TestCluster.withFreshDatabase { uri in
            async let a = PostgresPool(uri: uri, logger: Self.logger).withRunning { try await migrator(["m.v1", "m.v2"]).migrate($0) }
            async let b = PostgresPool(uri: uri, logger: Self.logger).withRunning { try await migrator(["m.v1", "m.v2"]).migrate($0) }
            let applied = try await [a, b].sorted { $0.count < $1.count }
            #expect(applied == [[], ["m.v1", "m.v2"]])
        }
    }
}
