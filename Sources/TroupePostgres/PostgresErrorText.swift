import PostgresNIO

/// What a PostgreSQL error says, for logs and for the operator. PSQLError's own description is a fixed
/// placeholder (it may carry query text); this keeps the server's message and SQLSTATE, or the connection's
/// failure, without the query or its bound values.
public enum PostgresErrorText {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            return message + detail + state
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
