import Foundation
import GRDB
import MatrixAppService

/// Device lists and who got our room keys.
extension SQLiteCryptoStore {
    /// Sets `user`'s device list to `devices` (devices no longer listed are forgotten) and marks it fresh.
    public func replaceDeviceList(of user: UserID, with devices: [TrackedDeviceKeys]) async throws {
        let rows = try devices.map { ($0, try $0.json.jsonData()) }
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM crypto_device_keys WHERE user_id = ?", arguments: [user.rawValue])
            for (keys, json) in rows {
                try db.execute(sql: """
                    INSERT INTO crypto_device_keys (user_id, device_id, curve25519, ed25519, json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [user.rawValue, keys.device.rawValue, keys.curve25519.rawValue, keys.ed25519.rawValue, json, now])
            }
            try db.execute(sql: """
                INSERT INTO crypto_tracked_user (user_id, outdated, fetched_at) VALUES (?, 0, ?)
                ON CONFLICT (user_id) DO UPDATE SET outdated = 0, fetched_at = excluded.fetched_at
                """, arguments: [user.rawValue, now])
        }
    }

    /// When each user's device list was fetched, for users whose list is tracked and not outdated.
    public func freshDeviceLists(of users: [UserID]) async throws -> [UserID: Date] {
        guard !users.isEmpty else { return [:] }
        let names = users.map(\.rawValue)
        return try await writer.read { db in
            var result: [UserID: Date] = [:]
            // Chunked: SQLite limits the number of bound parameters.
            for start in stride(from: 0, to: names.count, by: 500) {
                let chunk = Array(names[start..<min(start + 500, names.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT user_id, fetched_at FROM crypto_tracked_user WHERE outdated = 0 AND user_id IN (\(marks))
                    """, arguments: StatementArguments(chunk))
                {
                    result[UserID(row["user_id"] as String)] = Date(timeIntervalSince1970: row["fetched_at"])
                }
            }
            return result
        }
    }

    /// `device_lists.changed`/`left` named these users: fetch their lists again before the next use.
    public func markDeviceListsOutdated(_ users: [UserID]) async throws {
        guard !users.isEmpty else { return }
        try await writer.write { db in
            for user in users {
                try db.execute(sql: "UPDATE crypto_tracked_user SET outdated = 1 WHERE user_id = ?", arguments: [user.rawValue])
            }
        }
    }

    /// The devices that got the key of our megolm session `session` in `room`.
    public func sharedDevices(_ owner: CryptoOwner, room: RoomID, session: MegolmSessionID) async throws -> [SharedDevice] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT target_user_id, target_device_id, target_curve25519 FROM crypto_outbound_shared
                WHERE user_id = ? AND device_id = ? AND room_id = ? AND session_id = ?
                """, arguments: [owner.user.rawValue, owner.device.rawValue, room.rawValue, session.rawValue])
                .map { SharedDevice(user: UserID($0["target_user_id"] as String), device: DeviceID($0["target_device_id"] as String),
                                    curve25519: Curve25519Key($0["target_curve25519"] as String)) }
        }
    }

    public func markShared(_ owner: CryptoOwner, room: RoomID, session: MegolmSessionID, with devices: [SharedDevice]) async throws {
        guard !devices.isEmpty else { return }
        try await writer.write { db in
            // Rows of the room's earlier sessions are of no use once a new one is shared.
            try db.execute(sql: """
                DELETE FROM crypto_outbound_shared WHERE user_id = ? AND device_id = ? AND room_id = ? AND session_id != ?
                """, arguments: [owner.user.rawValue, owner.device.rawValue, room.rawValue, session.rawValue])
            for device in devices {
                try db.execute(sql: """
                    INSERT INTO crypto_outbound_shared
                        (user_id, device_id, room_id, session_id, target_user_id, target_device_id, target_curve25519)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET target_curve25519 = excluded.target_curve25519
                    """, arguments: [owner.user.rawValue, owner.device.rawValue, room.rawValue, session.rawValue,
                                     device.user.rawValue, device.device.rawValue, device.curve25519.rawValue])
            }
        }
    }
}
