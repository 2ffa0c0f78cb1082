import Foundation
import Logging
import PostgresNIO
import TroupePostgres
#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL the tests run against: a throw-away cluster that `scripts/pg-cluster.sh` starts on first use,
/// on 127.0.0.1:`TROUPE_TEST_POSTGRES_PORT` (15433) in /tmp/troupe-pg-test-<port>, and stops when the test process
/// exits. Each test gets a database of its own. Without PostgreSQL's programs the tests fail with the script's
/// message; they are never skipped.
public enum TestCluster {
    static let port = Int(ProcessInfo.processInfo.environment["TROUPE_TEST_POSTGRES_PORT"] ?? "") ?? 15433
    static let directory = "/tmp/troupe-pg-test-\(port)"
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/pg-cluster.sh").path

    public struct StartFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Started once per process; every test awaits the same start.
    private static let started = Task<PostgresURI, any Error> {
        let (status, output) = run([script, "start", "--dir", directory, "--port", "\(port)"])
        guard status == 0 else {
            throw StartFailed(description: "scripts/pg-cluster.sh could not start PostgreSQL (exit \(status)):\n\(output)")
        }
        // At exit no task runs any more: a plain blocking shell call.
        atexit {
            _ = system("bash '\(TestCluster.script)' stop --dir '\(TestCluster.directory)' >/dev/null 2>&1")
        }
        let uri = output.split(separator: "\n").last { $0.hasPrefix("postgres://") }.map(String.init) ?? ""
        do {
            return try PostgresURI(parsing: uri)
        } catch {
            throw StartFailed(description: "scripts/pg-cluster.sh printed no URI: \(error)\n\(output)")
        }
    }

    /// The cluster's own database (`troupe`), for what a test does besides its stores.
    public static func adminURI() async throws -> PostgresURI { try await started.value }

    /// Runs `body` with a new empty database, dropped afterwards whatever the outcome.
    public static func withFreshDatabase<Result: Sendable>(_ body: @Sendable (PostgresURI) async throws -> Result) async throws -> Result {
        let admin = try await adminURI()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)", on: admin)
        var uri = admin
        uri.database = name
        do {
            let result = try await body(uri)
            try await execute("DROP DATABASE \(name) WITH (FORCE)", on: admin)
            return result
        } catch {
            try? await execute("DROP DATABASE \(name) WITH (FORCE)", on: admin)
            throw error
        }
    }

    /// Runs one statement on a connection of its own (CREATE DATABASE cannot run in a transaction).
    public static func execute(_ sql: String, on uri: PostgresURI) async throws {
        let logger = Logger(label: "test-cluster")
        let connection = try await PostgresConnection.connect(configuration: uri.connectionConfiguration(applicationName: "troupe-tests"),
                                                              id: 0, logger: logger)
        do {
            try await connection.execute(PostgresQuery(unsafeSQL: sql), logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs a command to its end; its exit status and what it printed (stdout and stderr together).
    static func run(_ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return (127, "cannot run \(arguments.joined(separator: " ")): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
