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

    /// Runs the script to its end; its exit status and what it printed (stdout and stderr together).
    /// Through `system()`, not Foundation's `Process`: the tests of other modules spawn and reap children in the
    /// same process, and with Process the whole run hung now and then (every task asleep, none woken).
    static func run(_ arguments: [String]) -> (Int32, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-pg-cluster-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = (["bash"] + arguments).map(quoted).joined(separator: " ") + " >" + quoted(output) + " 2>&1 </dev/null"
        let status = system(command)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exitStatus: Int32 = status == -1 ? 127 : (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, text)
    }

    private static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
