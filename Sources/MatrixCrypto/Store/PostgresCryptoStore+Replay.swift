import Foundation
import Logging
import MatrixAppService
import PostgresNIO
import TroupePostgres

/// Replay protection on PostgreSQL: the first use of a megolm message index, and olm ciphertexts already seen.
extension PostgresCryptoStore {
    public func recordMessageIndex(_ owner: CryptoOwner, sessionID: MegolmSessionID, senderKey: Curve25519Key, index: UInt32,
                                   use: MessageIndexUse) async throws -> MessageIndexUse
    {
        let logger = database.logger
        let index = Int64(index)
        // The check is global across our devices, but the primary key is per device, so ON CONFLICT alone would let
        // two devices (or two processes) both record a first use. Callers for the same (session, index) take turns
        // on an advisory lock held to the end of the transaction; each statement after it sees what the one before
        // committed.
        let lock = AdvisoryLockKey("crypto.message_index:\(sessionID.rawValue)|\(senderKey.rawValue)|\(index)")
        return try await database.transaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(lock.value))", logger: logger)
            if let first = try await Self.firstUse(connection, logger: logger, """
                SELECT event_id, origin_server_ts FROM crypto_message_index
                WHERE session_id = \(sessionID.rawValue) AND sender_key = \(senderKey.rawValue) AND message_index = \(index)
                ORDER BY seen_at LIMIT 1
                """)
            {
                return first
            }
            let inserted = try await Self.firstUse(connection, logger: logger, """
                INSERT INTO crypto_message_index
                    (user_id, device_id, session_id, sender_key, message_index, event_id, origin_server_ts, seen_at)
                VALUES (\(owner.user.rawValue), \(owner.device.rawValue), \(sessionID.rawValue), \(senderKey.rawValue), \(index),
                        \(use.eventID.rawValue), \(use.originServerTS), \(Self.now))
                ON CONFLICT DO NOTHING RETURNING event_id, origin_server_ts
                """)
            if let inserted { return inserted }
            // Only a writer that skipped the lock could get here; its row is the first use all the same.
            return try await Self.firstUse(connection, logger: logger, """
                SELECT event_id, origin_server_ts FROM crypto_message_index
                WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND session_id = \(sessionID.rawValue)
                    AND sender_key = \(senderKey.rawValue) AND message_index = \(index)
                """) ?? use
        }
    }

    private static func firstUse(_ connection: PostgresConnection, logger: Logger, _ query: PostgresQuery) async throws
        -> MessageIndexUse?
    {
        try await connection.query(query, logger: logger).collect().first.map {
            let (eventID, timestamp) = try $0.decode((String, Int64).self)
            return MessageIndexUse(eventID: EventID(eventID), originServerTS: timestamp)
        }
    }

    public func recordOlmHash(_ owner: CryptoOwner, _ hash: String) async throws -> Bool {
        try await !rows("""
            INSERT INTO crypto_olm_hash (user_id, device_id, hash, seen_at) VALUES (\(owner.user.rawValue), \(owner.device.rawValue),
                \(hash), \(Self.now))
            ON CONFLICT DO NOTHING RETURNING 1
            """).isEmpty
    }

    public func hasOlmHash(_ owner: CryptoOwner, _ hash: String) async throws -> Bool {
        try await !rows("""
            SELECT 1 FROM crypto_olm_hash WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND hash = \(hash)
            """).isEmpty
    }
}
