import Foundation
import MatrixAppService
import NIOCore
import PostgresNIO
import TroupePostgres

/// Device lists and who got our room keys, on PostgreSQL.
extension PostgresCryptoStore {
    public func replaceDeviceList(of user: UserID, with devices: [TrackedDeviceKeys]) async throws {
        let rows = try devices.map { ($0, ByteBuffer(bytes: try $0.json.jsonData())) }
        let now = Self.now
        let logger = database.logger
        try await database.transaction { connection in
            // The tracked user's row first: its lock makes two replacements of one list take turns, so the second
            // deletes what the first inserted instead of colliding with it.
            try await connection.execute("""
                INSERT INTO crypto_tracked_user (user_id, outdated, fetched_at) VALUES (\(user.rawValue), false, \(now))
                ON CONFLICT (user_id) DO UPDATE SET outdated = false, fetched_at = excluded.fetched_at
                """, logger: logger)
            try await connection.execute("DELETE FROM crypto_device_keys WHERE user_id = \(user.rawValue)", logger: logger)
            for (keys, json) in rows {
                try await connection.execute("""
                    INSERT INTO crypto_device_keys (user_id, device_id, curve25519, ed25519, json, updated_at)
                    VALUES (\(user.rawValue), \(keys.device.rawValue), \(keys.curve25519.rawValue), \(keys.ed25519.rawValue), \(json), \(now))
                    """, logger: logger)
            }
        }
    }

    public func freshDeviceLists(of users: [UserID]) async throws -> [UserID: Date] {
        guard !users.isEmpty else { return [:] }
        var result: [UserID: Date] = [:]
        for row in try await rows("""
            SELECT user_id, fetched_at FROM crypto_tracked_user WHERE outdated = false AND user_id = ANY(\(users.map(\.rawValue)))
            """)
        {
            let (user, fetched) = try row.decode((String, Double).self)
            result[UserID(user)] = Date(timeIntervalSince1970: fetched)
        }
        return result
    }

    public func markDeviceListsOutdated(_ users: [UserID]) async throws {
        guard !users.isEmpty else { return }
        try await database.execute("UPDATE crypto_tracked_user SET outdated = true WHERE user_id = ANY(\(users.map(\.rawValue)))")
    }

    public func sharedDevices(_ owner: CryptoOwner, room: RoomID, session: MegolmSessionID) async throws -> [SharedDevice] {
        try await rows("""
            SELECT target_user_id, target_device_id, target_curve25519 FROM crypto_outbound_shared
            WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue) AND room_id = \(room.rawValue)
                AND session_id = \(session.rawValue)
            """).map {
            let (user, device, curve) = try $0.decode((String, String, String).self)
            return SharedDevice(user: UserID(user), device: DeviceID(device), curve25519: Curve25519Key(curve))
        }
    }

    public func markShared(_ owner: CryptoOwner, room: RoomID, session: MegolmSessionID, with devices: [SharedDevice]) async throws {
        guard !devices.isEmpty else { return }
        let logger = database.logger
        try await database.transaction { connection in
            // Rows of the room's earlier sessions are of no use once a new one is shared.
            try await connection.execute("""
                DELETE FROM crypto_outbound_shared WHERE user_id = \(owner.user.rawValue) AND device_id = \(owner.device.rawValue)
                    AND room_id = \(room.rawValue) AND session_id != \(session.rawValue)
                """, logger: logger)
            // Row by row, as on SQLite: a device named twice keeps its last key (one multi-row upsert cannot touch
            // a row twice).
            for device in devices {
                try await connection.execute("""
                    INSERT INTO crypto_outbound_shared
                        (user_id, device_id, room_id, session_id, target_user_id, target_device_id, target_curve25519)
                    VALUES (\(owner.user.rawValue), \(owner.device.rawValue), \(room.rawValue), \(session.rawValue),
                            \(device.user.rawValue), \(device.device.rawValue), \(device.curve25519.rawValue))
                    ON CONFLICT (user_id, device_id, room_id, session_id, target_user_id, target_device_id)
                    DO UPDATE SET target_curve25519 = excluded.target_curve25519
                    """, logger: logger)
            }
        }
    }
}
