import Logging
import PostgresNIO
import TroupePostgres

extension PostgresPool {
    /// Every row of a query, read before this returns (each then decoded with `decode`).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Whether a query (an `INSERT`, `UPDATE` or `DELETE` with `RETURNING`) returned a row: whether it changed one.
    func changed(_ query: PostgresQuery) async throws -> Bool {
        try await !rows(query).isEmpty
    }
}

extension PostgresConnection {
    /// Every row of a query inside a transaction, read before the next statement.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}
