import GRDB

extension SQLiteCryptoStore {
    /// One read of three counts; cheap enough to take every minute, not per message.
    public func sessionCounts() async throws -> CryptoSessionCounts {
        try await writer.read { db in
            CryptoSessionCounts(
                olm: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM crypto_olm_session") ?? 0,
                megolmInbound: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM crypto_inbound_group_session") ?? 0,
                megolmOutbound: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM crypto_outbound_group_session") ?? 0)
        }
    }
}
