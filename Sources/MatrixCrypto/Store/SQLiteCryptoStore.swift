import Foundation
import GRDB
import MatrixAppService

/// `CryptoStore` in the appservice's SQLite database (`CryptoSchema`, `CrossSigningSchema`). Every call is one
/// transaction on SQLite's single writer, which is what makes the replay check's read-then-insert safe.
public struct SQLiteCryptoStore: CryptoStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    private static var now: Double { Date().timeIntervalSince1970 }

    public func account(_ owner: CryptoOwner) async throws -> StoredAccount? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT pickle, published FROM crypto_account WHERE user_id = ? AND device_id = ?",
                             arguments: [owner.user.rawValue, owner.device.rawValue])
                .map { StoredAccount(owner: owner, pickle: $0["pickle"], published: $0["published"]) }
        }
    }

    /// The device we keep an account for, for one of our users (one device per user).
    public func device(of user: UserID) async throws -> DeviceID? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT device_id FROM crypto_account WHERE user_id = ? ORDER BY updated_at DESC LIMIT 1",
                                arguments: [user.rawValue]).map(DeviceID.init)
        }
    }

    public func saveAccount(_ account: StoredAccount) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_account (user_id, device_id, pickle, published, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (user_id, device_id) DO UPDATE SET pickle = excluded.pickle, published = excluded.published,
                    updated_at = excluded.updated_at
                """, arguments: [account.owner.user.rawValue, account.owner.device.rawValue, account.pickle, account.published, Self.now])
        }
    }

    /// Forgets the account and everything that belonged to that device.
    public func deleteAccount(_ owner: CryptoOwner) async throws {
        try await writer.write { db in
            for table in DeviceTables.all {
                try db.execute(sql: "DELETE FROM \(table) WHERE user_id = ? AND device_id = ?",
                               arguments: [owner.user.rawValue, owner.device.rawValue])
            }
        }
    }

    public func olmSessions(_ owner: CryptoOwner, senderKey: Curve25519Key) async throws -> [StoredOlmSession] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT session_id, pickle, last_used_at FROM crypto_olm_session
                WHERE user_id = ? AND device_id = ? AND sender_key = ? ORDER BY last_used_at DESC
                """, arguments: [owner.user.rawValue, owner.device.rawValue, senderKey.rawValue])
                .map { StoredOlmSession(sessionID: OlmSessionID($0["session_id"] as String), senderKey: senderKey, pickle: $0["pickle"],
                                        lastUsedAt: Date(timeIntervalSince1970: $0["last_used_at"])) }
        }
    }

    public func saveOlmSession(_ owner: CryptoOwner, _ session: StoredOlmSession) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_olm_session (user_id, device_id, sender_key, session_id, pickle, last_used_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, device_id, sender_key, session_id) DO UPDATE SET pickle = excluded.pickle,
                    last_used_at = excluded.last_used_at
                """, arguments: [owner.user.rawValue, owner.device.rawValue, session.senderKey.rawValue, session.sessionID.rawValue,
                                 session.pickle, session.lastUsedAt.timeIntervalSince1970])
        }
    }

    public func inboundGroupSession(_ owner: CryptoOwner, room: RoomID, sessionID: MegolmSessionID) async throws
        -> StoredInboundGroupSession?
    {
        try await writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT sender_key, signing_key, pickle, first_known_index, sender_user_id FROM crypto_inbound_group_session
                WHERE user_id = ? AND device_id = ? AND room_id = ? AND session_id = ?
                """, arguments: [owner.user.rawValue, owner.device.rawValue, room.rawValue, sessionID.rawValue])
                .map { row in
                    StoredInboundGroupSession(roomID: room, sessionID: sessionID, senderKey: Curve25519Key(row["sender_key"] as String),
                                              signingKey: (row["signing_key"] as String?).map(Ed25519Key.init), pickle: row["pickle"],
                                              firstKnownIndex: UInt32(row["first_known_index"] as Int64),
                                              senderUser: (row["sender_user_id"] as String?).map(UserID.init))
                }
        }
    }

    public func saveInboundGroupSession(_ owner: CryptoOwner, _ session: StoredInboundGroupSession) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_inbound_group_session
                    (user_id, device_id, room_id, session_id, sender_key, signing_key, pickle, first_known_index, received_at,
                     sender_user_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, device_id, room_id, session_id) DO UPDATE SET sender_key = excluded.sender_key,
                    signing_key = excluded.signing_key, pickle = excluded.pickle, first_known_index = excluded.first_known_index,
                    received_at = excluded.received_at, sender_user_id = excluded.sender_user_id
                """, arguments: [owner.user.rawValue, owner.device.rawValue, session.roomID.rawValue, session.sessionID.rawValue,
                                 session.senderKey.rawValue, session.signingKey?.rawValue, session.pickle,
                                 Int64(session.firstKnownIndex), Self.now, session.senderUser?.rawValue])
        }
    }

    public func saveWithheld(_ owner: CryptoOwner, _ notice: WithheldNotice) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_withheld (user_id, device_id, room_id, session_id, sender_key, code, reason, received_at,
                                             sender_user_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, device_id, room_id, session_id) DO UPDATE SET sender_key = excluded.sender_key,
                    code = excluded.code, reason = excluded.reason, received_at = excluded.received_at,
                    sender_user_id = excluded.sender_user_id
                """, arguments: [owner.user.rawValue, owner.device.rawValue, notice.roomID.rawValue, notice.sessionID.rawValue,
                                 notice.senderKey.rawValue, notice.code, notice.reason, Self.now, notice.sender?.rawValue])
        }
    }

    public func withheld(_ owner: CryptoOwner, room: RoomID, sessionID: MegolmSessionID) async throws -> WithheldNotice? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT sender_key, code, reason, sender_user_id FROM crypto_withheld
                WHERE user_id = ? AND device_id = ? AND room_id = ? AND session_id = ?
                """, arguments: [owner.user.rawValue, owner.device.rawValue, room.rawValue, sessionID.rawValue])
                .map { WithheldNotice(roomID: room, sessionID: sessionID, senderKey: Curve25519Key($0["sender_key"] as String),
                                      code: $0["code"], reason: $0["reason"], sender: ($0["sender_user_id"] as String?).map(UserID.init)) }
        }
    }

    /// Records the use of a message index unless it was recorded before, by any of our devices; returns the
    /// first use.
    public func recordMessageIndex(_ owner: CryptoOwner, sessionID: MegolmSessionID, senderKey: Curve25519Key, index: UInt32,
                                   use: MessageIndexUse) async throws -> MessageIndexUse
    {
        try await writer.write { db in
            let key: StatementArguments = [sessionID.rawValue, senderKey.rawValue, Int64(index)]
            // Any of our devices' first use counts: with N agents in a room, a replay must not get N-1 more chances.
            if let row = try Row.fetchOne(db, sql: """
                SELECT event_id, origin_server_ts FROM crypto_message_index
                WHERE session_id = ? AND sender_key = ? AND message_index = ? ORDER BY seen_at LIMIT 1
                """, arguments: key)
            {
                return MessageIndexUse(eventID: EventID(row["event_id"] as String), originServerTS: row["origin_server_ts"])
            }
            let who: StatementArguments = [owner.user.rawValue, owner.device.rawValue]
            let first: StatementArguments = [use.eventID.rawValue, use.originServerTS, Self.now]
            try db.execute(sql: """
                INSERT INTO crypto_message_index
                    (user_id, device_id, session_id, sender_key, message_index, event_id, origin_server_ts, seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: who + key + first)
            return use
        }
    }

    /// Records an olm ciphertext hash; false when it had been recorded already.
    public func recordOlmHash(_ owner: CryptoOwner, _ hash: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO crypto_olm_hash (user_id, device_id, hash, seen_at) VALUES (?, ?, ?, ?)",
                           arguments: [owner.user.rawValue, owner.device.rawValue, hash, Self.now])
            return db.changesCount > 0
        }
    }

    public func hasOlmHash(_ owner: CryptoOwner, _ hash: String) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM crypto_olm_hash WHERE user_id = ? AND device_id = ? AND hash = ?",
                              arguments: [owner.user.rawValue, owner.device.rawValue, hash]) ?? false
        }
    }

    public func saveDeviceKeys(_ keys: TrackedDeviceKeys) async throws {
        let json = try keys.json.jsonData()
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_device_keys (user_id, device_id, curve25519, ed25519, json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, device_id) DO UPDATE SET curve25519 = excluded.curve25519, ed25519 = excluded.ed25519,
                    json = excluded.json, updated_at = excluded.updated_at
                """, arguments: [keys.user.rawValue, keys.device.rawValue, keys.curve25519.rawValue, keys.ed25519.rawValue, json, Self.now])
        }
    }

    public func deviceKeys(of user: UserID) async throws -> [TrackedDeviceKeys] {
        let rows: [(String, String, String, Data)] = try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT device_id, curve25519, ed25519, json FROM crypto_device_keys WHERE user_id = ? ORDER BY device_id",
                             arguments: [user.rawValue]).map { ($0["device_id"], $0["curve25519"], $0["ed25519"], $0["json"]) }
        }
        return try rows.map { device, curve, ed, json in
            TrackedDeviceKeys(user: user, device: DeviceID(device), curve25519: Curve25519Key(curve), ed25519: Ed25519Key(ed),
                              json: try JSONValue.decode(json))
        }
    }

    public func saveOutboundGroupSession(_ owner: CryptoOwner, _ session: StoredOutboundGroupSession) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO crypto_outbound_group_session (user_id, device_id, room_id, session_id, pickle, created_at, message_count)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, device_id, room_id) DO UPDATE SET session_id = excluded.session_id, pickle = excluded.pickle,
                    created_at = excluded.created_at, message_count = excluded.message_count
                """, arguments: [owner.user.rawValue, owner.device.rawValue, session.roomID.rawValue, session.sessionID.rawValue,
                                 session.pickle, session.createdAt.timeIntervalSince1970, session.messageCount])
        }
    }

    public func outboundGroupSession(_ owner: CryptoOwner, room: RoomID) async throws -> StoredOutboundGroupSession? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT session_id, pickle, created_at, message_count FROM crypto_outbound_group_session
                WHERE user_id = ? AND device_id = ? AND room_id = ?
                """, arguments: [owner.user.rawValue, owner.device.rawValue, room.rawValue])
                .map { StoredOutboundGroupSession(roomID: room, sessionID: MegolmSessionID($0["session_id"] as String), pickle: $0["pickle"],
                                                  createdAt: Date(timeIntervalSince1970: $0["created_at"]), messageCount: $0["message_count"]) }
        }
    }
}
