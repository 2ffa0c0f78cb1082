import Foundation
import NIOCore
import PostgresNIO
import TroupePostgres

/// `StateStore` on PostgreSQL. Lists come back in byte order of their ids (`COLLATE "C"`), as SQLite's
/// binary collation returns them, whatever locale the database was created with.
public struct PostgresStateStore: StateStore {
    let database: PostgresPool
    private let cache = MembershipCache()

    public init(_ database: PostgresPool) { self.database = database }

    private var client: PostgresClient { database.client }

    public func roster(_ room: RoomID) async throws -> [UserID: Membership] {
        try await cache.roster(room) {
            var rows: [(String, String)] = []
            for try await row in try await client.query(
                "SELECT user_id, membership FROM appservice_room_member WHERE room_id = \(room.rawValue)").decode((String, String).self) {
                rows.append(row)
            }
            return rows
        }
    }

    public func setMembership(room: RoomID, user: UserID, _ membership: Membership, displayname: String?) async throws {
        try await database.execute("""
            INSERT INTO appservice_room_member (room_id, user_id, membership, displayname)
            VALUES (\(room.rawValue), \(user.rawValue), \(membership.rawValue), \(displayname))
            ON CONFLICT (room_id, user_id) DO UPDATE SET membership = excluded.membership,
                displayname = COALESCE(excluded.displayname, appservice_room_member.displayname)
            """)
        cache.set(room, user, membership)
    }

    public func rooms(of user: UserID, in memberships: Set<Membership>) async throws -> [RoomID] {
        var rooms: [RoomID] = []
        let rows = try await client.query("""
            SELECT room_id FROM appservice_room_member WHERE user_id = \(user.rawValue) AND membership = ANY(\(memberships.map(\.rawValue)))
            ORDER BY room_id COLLATE "C"
            """)
        for try await room in rows.decode(String.self) { rooms.append(RoomID(room)) }
        return rooms
    }

    public func displayname(room: RoomID, user: UserID) async throws -> String? {
        try await first(String?.self, """
            SELECT displayname FROM appservice_room_member WHERE room_id = \(room.rawValue) AND user_id = \(user.rawValue)
            """) ?? nil
    }

    public func state(room: RoomID, type: String, stateKey: String) async throws -> JSONValue? {
        try await first(Data.self, """
            SELECT content FROM appservice_room_state WHERE room_id = \(room.rawValue) AND event_type = \(type) AND state_key = \(stateKey)
            """).map(JSONValue.decode)
    }

    public func setState(room: RoomID, type: String, stateKey: String, content: JSONValue) async throws {
        let data = try content.jsonData()
        try await database.execute("""
            INSERT INTO appservice_room_state (room_id, event_type, state_key, content)
            VALUES (\(room.rawValue), \(type), \(stateKey), \(ByteBuffer(bytes: data)))
            ON CONFLICT (room_id, event_type, state_key) DO UPDATE SET content = excluded.content
            """)
    }

    public func isRegistered(_ user: UserID) async throws -> Bool {
        try await first(Int32.self, "SELECT 1 FROM appservice_user WHERE user_id = \(user.rawValue)") != nil
    }

    public func markRegistered(_ user: UserID) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO appservice_user (user_id, registered_at) VALUES (\(user.rawValue), \(now)) ON CONFLICT (user_id) DO NOTHING
            """)
    }

    public func ownDisplayname(_ user: UserID) async throws -> String? {
        try await first(String?.self, "SELECT displayname FROM appservice_user WHERE user_id = \(user.rawValue)") ?? nil
    }

    public func setOwnDisplayname(_ user: UserID, _ name: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO appservice_user (user_id, registered_at, displayname) VALUES (\(user.rawValue), \(now), \(name))
            ON CONFLICT (user_id) DO UPDATE SET displayname = excluded.displayname
            """)
    }

    /// The first row's one column, or nil when there is no row.
    private func first<Value: PostgresDecodable & Sendable>(_ type: Value.Type, _ query: PostgresQuery) async throws -> Value? {
        var value: Value?
        for try await column in try await client.query(query).decode(Value.self) where value == nil { value = column }
        return value
    }
}
