import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Moves the write-ahead log into the database file from a connection of its own, so the fsyncs of a
/// checkpoint never sit inside a request. Passive checkpoints do not block writers.
public struct WALCheckpointer: Service {
    let path: String
    let interval: Duration
    let logger: Logger

    public init(path: String, interval: Duration = .seconds(1), logger: Logger) {
        self.path = path
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let connection = try DatabaseQueue(path: path)
        defer { _ = try? connection.writeWithoutTransaction { try $0.checkpoint(.truncate) } }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            do {
                try await connection.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
            } catch {
                logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
