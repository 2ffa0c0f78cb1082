import Foundation
import GRDB
import MatrixAppService

/// The bridge's own persistence: agent rooms and the events agents sent.
public protocol BridgeStore: Sendable {
    func room(ofAgent agent: String) async throws -> RoomID?
    func agent(owningRoom room: RoomID) async throws -> String?
    func setRoom(_ room: RoomID, ofAgent agent: String) async throws
    func forgetRoom(ofAgent agent: String) async throws
    /// The first record of an event stays.
    func recordSent(_ event: EventID, room: RoomID, agent: String) async throws
    func agent(thatSent event: EventID) async throws -> String?
}

public struct SQLiteBridgeStore: BridgeStore {
    let writer: any DatabaseWriter

    public init(_ writer: any DatabaseWriter) { self.writer = writer }

    public func room(ofAgent agent: String) async throws -> RoomID? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT room_id FROM bridge_agent_room WHERE agent = ?", arguments: [agent])
        }.map(RoomID.init)
    }

    public func agent(owningRoom room: RoomID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT agent FROM bridge_agent_room WHERE room_id = ?", arguments: [room.rawValue])
        }
    }

    public func setRoom(_ room: RoomID, ofAgent agent: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO bridge_agent_room (agent, room_id, created_at) VALUES (?, ?, ?)",
                           arguments: [agent, room.rawValue, now])
        }
    }

    public func forgetRoom(ofAgent agent: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM bridge_agent_room WHERE agent = ?", arguments: [agent])
        }
    }

    public func recordSent(_ event: EventID, room: RoomID, agent: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO bridge_sent_event (event_id, room_id, agent, sent_at) VALUES (?, ?, ?, ?)",
                           arguments: [event.rawValue, room.rawValue, agent, now])
        }
    }

    public func agent(thatSent event: EventID) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT agent FROM bridge_sent_event WHERE event_id = ?", arguments: [event.rawValue])
        }
    }
}
