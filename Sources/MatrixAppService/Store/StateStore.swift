import Foundation
import GRDB

/// Room state as far as Troupe needs it, kept current from the state events in transactions and from
/// the results of our own calls (join, leave, create room), so decisions never wait on the homeserver.
public protocol StateStore: Sendable {
    func apply(_ event: ClientEvent) async throws
    func setMembership(room: RoomID, user: UserID, _ membership: Membership, displayname: String?) async throws
    /// Every member of the room with their membership (cached by the drivers: asked for every message).
    func roster(_ room: RoomID) async throws -> [UserID: Membership]
    func rooms(of user: UserID, in memberships: Set<Membership>) async throws -> [RoomID]
    func displayname(room: RoomID, user: UserID) async throws -> String?
    func state(room: RoomID, type: String, stateKey: String) async throws -> JSONValue?
    func setState(room: RoomID, type: String, stateKey: String, content: JSONValue) async throws

    func isRegistered(_ user: UserID) async throws -> Bool
    func markRegistered(_ user: UserID) async throws
    /// The display name we last set for one of our users (nil if never).
    func ownDisplayname(_ user: UserID) async throws -> String?
    func setOwnDisplayname(_ user: UserID, _ name: String) async throws
}

/// State kept besides membership. Anything else is ignored rather than stored blindly.
let trackedStateTypes: Set<String> = Set([
    EventType.powerLevels, .encryption, .name, .topic, .joinRules, .historyVisibility, .create, .canonicalAlias,
].map(\.rawValue))

extension StateStore {
    /// What every driver does with a state event: membership to the roster, tracked types to the state table.
    public func apply(_ event: ClientEvent) async throws {
        guard let stateKey = event.stateKey else { return }
        if let member = event.memberContent, let membership = member.membership {
            try await setMembership(room: event.roomID, user: UserID(stateKey), membership, displayname: member.displayname)
        } else if trackedStateTypes.contains(event.type) {
            try await setState(room: event.roomID, type: event.type, stateKey: stateKey, content: event.content)
        }
    }

    public func membership(room: RoomID, user: UserID) async throws -> Membership? {
        try await roster(room)[user]
    }

    public func members(room: RoomID, in memberships: Set<Membership>) async throws -> [UserID] {
        try await roster(room).filter { memberships.contains($0.value) }.keys.sorted { $0.rawValue < $1.rawValue }
    }

    public func joinedMembers(room: RoomID) async throws -> [UserID] { try await members(room: room, in: [.join]) }

    public func isEncrypted(room: RoomID) async throws -> Bool {
        try await state(room: room, type: EventType.encryption.rawValue, stateKey: "") != nil
    }

    public func powerLevel(room: RoomID, user: UserID) async throws -> Int64 {
        guard let levels = try await state(room: room, type: EventType.powerLevels.rawValue, stateKey: "") else { return 0 }
        return levels["users"]?[user.rawValue]?.intValue ?? levels["users_default"]?.intValue ?? 0
    }
}

public struct SQLiteStateStore: StateStore {
    let writer: any DatabaseWriter
    private let cache = MembershipCache()

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    /// Every member of the room with their membership, from memory after the first call.
    public func roster(_ room: RoomID) async throws -> [UserID: Membership] {
        try await cache.roster(room) {
            try await writer.read { db in
                try Row.fetchAll(db, sql: "SELECT user_id, membership FROM appservice_room_member WHERE room_id = ?", arguments: [room.rawValue])
                    .map { ($0["user_id"], $0["membership"]) }
            }
        }
    }

    public func setMembership(room: RoomID, user: UserID, _ membership: Membership, displayname: String?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO appservice_room_member (room_id, user_id, membership, displayname) VALUES (?, ?, ?, ?)
                    ON CONFLICT (room_id, user_id) DO UPDATE SET membership = excluded.membership,
                        displayname = COALESCE(excluded.displayname, appservice_room_member.displayname)
                    """,
                arguments: [room.rawValue, user.rawValue, membership.rawValue, displayname])
        }
        cache.set(room, user, membership)
    }

    public func rooms(of user: UserID, in memberships: Set<Membership>) async throws -> [RoomID] {
        let states = memberships.map(\.rawValue)
        return try await writer.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT room_id FROM appservice_room_member WHERE user_id = ? AND membership IN (\(databaseQuestionMarks(count: states.count))) ORDER BY room_id",
                arguments: StatementArguments([user.rawValue] + states))
        }.map(RoomID.init)
    }

    public func displayname(room: RoomID, user: UserID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT displayname FROM appservice_room_member WHERE room_id = ? AND user_id = ?",
                                arguments: [room.rawValue, user.rawValue])
        }
    }

    public func state(room: RoomID, type: String, stateKey: String) async throws -> JSONValue? {
        let data = try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT content FROM appservice_room_state WHERE room_id = ? AND event_type = ? AND state_key = ?",
                              arguments: [room.rawValue, type, stateKey])
        }
        return try data.map(JSONValue.decode)
    }

    public func setState(room: RoomID, type: String, stateKey: String, content: JSONValue) async throws {
        let data = try content.jsonData()
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO appservice_room_state (room_id, event_type, state_key, content) VALUES (?, ?, ?, ?)",
                arguments: [room.rawValue, type, stateKey, data])
        }
    }

    public func isRegistered(_ user: UserID) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM appservice_user WHERE user_id = ?", arguments: [user.rawValue]) ?? false
        }
    }

    public func markRegistered(_ user: UserID) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO appservice_user (user_id, registered_at) VALUES (?, ?)",
                           arguments: [user.rawValue, now])
        }
    }

    public func ownDisplayname(_ user: UserID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT displayname FROM appservice_user WHERE user_id = ?", arguments: [user.rawValue])
        }
    }

    public func setOwnDisplayname(_ user: UserID, _ name: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO appservice_user (user_id, registered_at, displayname) VALUES (?, ?, ?)
                    ON CONFLICT (user_id) DO UPDATE SET displayname = excluded.displayname
                    """,
                arguments: [user.rawValue, now, name])
        }
    }
}
