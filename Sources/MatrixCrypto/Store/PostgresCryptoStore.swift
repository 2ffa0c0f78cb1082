import Foundation
import MatrixAppService
import NIOCore
import PostgresNIO
import TroupePostgres

/// `CryptoStore` on PostgreSQL (`CryptoSchema`'s PostgreSQL migrations), with SQLiteCryptoStore's guarantees
/// while other connections, and other processes, write at the same time: every read-then-write is one statement
/// or runs under a lock (see `recordMessageIndex`).
public struct PostgresCryptoStore: CryptoStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    static var now: Double { Date().timeIntervalSince1970 }

    public func account(_ owner: CryptoOwner) async throws -> StoredAccount? {
        try await rows("""
            SELECT pickle, published FROM crypto_account WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue)
            """).first.map {
            let (pickle, published) = try $0.decode((String, Bool).self)
            return StoredAccount(owner: owner, pickle: pickle, published: published)
        }
    }

    public func device(of user: UserID) async throws -> DeviceID? {
        try await rows("""
            SELECT device_id FROM crypto_account WHERE user_id = \(user.rawValue) ORDER BY updated_at DESC LIMIT 1
            """).first.map { DeviceID(try $0.decode(String.self)) }
    }

    public func saveAccount(_ account: StoredAccount) async throws {
        try await database.execute("""
            INSERT INTO crypto_account (user_id, device_id, pickle, published, updated_at)
            VALUES (\(account.owner.user.rawValue), \(account.owner.device.rawValue), \(account.pickle), \(account.published), \(Self.now))
            ON CONFLICT (user_id, device_id) DO UPDATE SET pickle = excluded.pickle, published = excluded.published,
                updated_at = excluded.updated_at
            """)
    }

    public func deleteAccount(_ owner: CryptoOwner) async throws {
        let logger = database.logger
        try await database.transaction { connection in
            for table in DeviceTables.all {
                try await connection.execute(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE user_id = $1 AND device_id = $2",
                                                            binds: try Self.binds(owner.user.rawValue, owner.device.rawValue)),
                                             logger: logger)
            }
        }
    }

    public func olmSessions(_ owner: CryptoOwner, senderKey: Curve25519Key) async throws -> [StoredOlmSession] {
        try await rows("""
            SELECT session_id, pickle, last_used_at FROM crypto_olm_session
            WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND sender_key = \(senderKey.rawValue)
            ORDER BY last_used_at DESC
            """).map {
            let (session, pickle, lastUsed) = try $0.decode((String, String, Double).self)
            return StoredOlmSession(sessionID: OlmSessionID(session), senderKey: senderKey, pickle: pickle,
                                    lastUsedAt: Date(timeIntervalSince1970: lastUsed))
        }
    }

    public func saveOlmSession(_ owner: CryptoOwner, _ session: StoredOlmSession) async throws {
        try await database.execute("""
            INSERT INTO crypto_olm_session (user_id, device_id, sender_key, session_id, pickle, last_used_at)
            VALUES (\(owner.user.rawValue), \(owner.device.rawValue), \(session.senderKey.rawValue), \(session.sessionID.rawValue),
                    \(session.pickle), \(session.lastUsedAt.timeIntervalSince1970))
            ON CONFLICT (user_id, device_id, sender_key, session_id) DO UPDATE SET pickle = excluded.pickle,
                last_used_at = excluded.last_used_at
            """)
    }

    public func inboundGroupSession(_ owner: CryptoOwner, room: RoomID, sessionID: MegolmSessionID) async throws
        -> StoredInboundGroupSession?
    {
        try await rows("""
            SELECT sender_key, signing_key, pickle, first_known_index, sender_user_id FROM crypto_inbound_group_session
            WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND room_id = \(room.rawValue)
                AND session_id = \(sessionID.rawValue)
            """).first.map {
            let (senderKey, signingKey, pickle, firstIndex, senderUser) = try $0.decode((String, String?, String, Int64, String?).self)
            return StoredInboundGroupSession(roomID: room, sessionID: sessionID, senderKey: Curve25519Key(senderKey),
                                             signingKey: signingKey.map(Ed25519Key.init), pickle: pickle,
                                             firstKnownIndex: UInt32(firstIndex), senderUser: senderUser.map(UserID.init))
        }
    }

    public func saveInboundGroupSession(_ owner: CryptoOwner, _ session: StoredInboundGroupSession) async throws {
        try await database.execute("""
            INSERT INTO crypto_inbound_group_session
                (user_id, device_id, room_id, session_id, sender_key, signing_key, pickle, first_known_index, received_at, sender_user_id)
            VALUES (\(owner.user.rawValue), \(owner.device.rawValue), \(session.roomID.rawValue), \(session.sessionID.rawValue),
                    \(session.senderKey.rawValue), \(session.signingKey?.rawValue), \(session.pickle), \(Int64(session.firstKnownIndex)),
                    \(Self.now), \(session.senderUser?.rawValue))
            ON CONFLICT (user_id, device_id, room_id, session_id) DO UPDATE SET sender_key = excluded.sender_key,
                signing_key = excluded.signing_key, pickle = excluded.pickle, first_known_index = excluded.first_known_index,
                received_at = excluded.received_at, sender_user_id = excluded.sender_user_id
            """)
    }

    public func saveWithheld(_ owner: CryptoOwner, _ notice: WithheldNotice) async throws {
        try await database.execute("""
            INSERT INTO crypto_withheld (user_id, device_id, room_id, session_id, sender_key, code, reason, received_at, sender_user_id)
            VALUES (\(owner.user.rawValue), \(owner.device.rawValue), \(notice.roomID.rawValue), \(notice.sessionID.rawValue),
                    \(notice.senderKey.rawValue), \(notice.code), \(notice.reason), \(Self.now), \(notice.sender?.rawValue))
            ON CONFLICT (user_id, device_id, room_id, session_id) DO UPDATE SET sender_key = excluded.sender_key,
                code = excluded.code, reason = excluded.reason, received_at = excluded.received_at,
                sender_user_id = excluded.sender_user_id
            """)
    }

    public func withheld(_ owner: CryptoOwner, room: RoomID, sessionID: MegolmSessionID) async throws -> WithheldNotice? {
        try await rows("""
            SELECT sender_key, code, reason, sender_user_id FROM crypto_withheld
            WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND room_id = \(room.rawValue)
                AND session_id = \(sessionID.rawValue)
            """).first.map {
            let (senderKey, code, reason, sender) = try $0.decode((String, String, String?, String?).self)
            return WithheldNotice(roomID: room, sessionID: sessionID, senderKey: Curve25519Key(senderKey), code: code, reason: reason,
                                  sender: sender.map(UserID.init))
        }
    }

    public func saveDeviceKeys(_ keys: TrackedDeviceKeys) async throws {
        let json = ByteBuffer(bytes: try keys.json.jsonData())
        try await database.execute("""
            INSERT INTO crypto_device_keys (user_id, device_id, curve25519, ed25519, json, updated_at)
            VALUES (\(keys.user.rawValue), \(keys.device.rawValue), \(keys.curve25519.rawValue), \(keys.ed25519.rawValue), \(json),
                    \(Self.now))
            ON CONFLICT (user_id, device_id) DO UPDATE SET curve25519 = excluded.curve25519, ed25519 = excluded.ed25519,
                json = excluded.json, updated_at = excluded.updated_at
            """)
    }

    public func deviceKeys(of user: UserID) async throws -> [TrackedDeviceKeys] {
        try await rows("""
            SELECT device_id, curve25519, ed25519, json FROM crypto_device_keys WHERE user_id = \(user.rawValue)
            ORDER BY device_id COLLATE "C"
            """).map {
            let (device, curve, ed, json) = try $0.decode((String, String, String, Data).self)
            return TrackedDeviceKeys(user: user, device: DeviceID(device), curve25519: Curve25519Key(curve), ed25519: Ed25519Key(ed),
                                     json: try JSONValue.decode(json))
        }
    }

    public func saveOutboundGroupSession(_ owner: CryptoOwner, _ session: StoredOutboundGroupSession) async throws {
        try await database.execute("""
            INSERT INTO crypto_outbound_group_session (user_id, device_id, room_id, session_id, pickle, created_at, message_count)
            VALUES (\(owner.user.rawValue), \(owner.device.rawValue), \(session.roomID.rawValue), \(session.sessionID.rawValue),
                    \(session.pickle), \(session.createdAt.timeIntervalSince1970), \(Int64(session.messageCount)))
            ON CONFLICT (user_id, device_id, room_id) DO UPDATE SET session_id = excluded.session_id, pickle = excluded.pickle,
                created_at = excluded.created_at, message_count = excluded.message_count
            """)
    }

    public func outboundGroupSession(_ owner: CryptoOwner, room: RoomID) async throws -> StoredOutboundGroupSession? {
        try await rows("""
            SELECT session_id, pickle, created_at, message_count FROM crypto_outbound_group_session
            WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND room_id = \(room.rawValue)
            """).first.map {
            let (session, pickle, created, count) = try $0.decode((String, String, Double, Int64).self)
            return StoredOutboundGroupSession(roomID: room, sessionID: MegolmSessionID(session), pickle: pickle,
                                              createdAt: Date(timeIntervalSince1970: created), messageCount: Int(count))
        }
    }

    public func sessionCounts() async throws -> CryptoSessionCounts {
        // One statement, so the three counts are of one snapshot.
        for row in try await rows("""
            SELECT (SELECT COUNT(*) FROM crypto_olm_session), (SELECT COUNT(*) FROM crypto_inbound_group_session),
                   (SELECT COUNT(*) FROM crypto_outbound_group_session)
            """)
        {
            let (olm, inbound, outbound) = try row.decode((Int64, Int64, Int64).self)
            return CryptoSessionCounts(olm: Int(olm), megolmInbound: Int(inbound), megolmOutbound: Int(outbound))
        }
        return CryptoSessionCounts(olm: 0, megolmInbound: 0, megolmOutbound: 0)
    }

    /// Bound values for a query whose table or column names are ours (never input) and so go into its text.
    static func binds(_ values: any PostgresEncodable...) throws -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { try binds.append(value) }
        return binds
    }

    /// Every row of one query, read to the end so the connection goes back to the pool.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await database.client.query(query, logger: database.logger).collect()
    }
}
