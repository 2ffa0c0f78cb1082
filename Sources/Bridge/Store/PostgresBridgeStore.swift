import Foundation
import MatrixAppService
import PostgresNIO
import TroupePostgres

/// `BridgeStore` on PostgreSQL.
public struct PostgresBridgeStore: BridgeStore {
    let database: PostgresPool

    public init(_ database: PostgresPool) { self.database = database }

    public func room(ofAgent agent: String) async throws -> RoomID? {
        (try await database.rows("SELECT room_id FROM bridge_agent_room WHERE agent = \(agent)").first?.decode(String.self)).map(RoomID.init)
    }

    public func agent(owningRoom room: RoomID) async throws -> String? {
        try await database.rows("SELECT agent FROM bridge_agent_room WHERE room_id = \(room.rawValue) LIMIT 1").first?.decode(String.self)
    }

    public func setRoom(_ room: RoomID, ofAgent agent: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO bridge_agent_room (agent, room_id, created_at) VALUES (\(agent), \(room.rawValue), \(now))
            ON CONFLICT (agent) DO UPDATE SET room_id = excluded.room_id, created_at = excluded.created_at
            """)
    }

    public func forgetRoom(ofAgent agent: String) async throws {
        try await database.execute("DELETE FROM bridge_agent_room WHERE agent = \(agent)")
    }

    public func recordSent(_ event: EventID, room: RoomID, agent: String) async throws {
        let now = Date().timeIntervalSince1970
        try await database.execute("""
            INSERT INTO bridge_sent_event (event_id, room_id, agent, sent_at) VALUES (\(event.rawValue), \(room.rawValue), \(agent), \(now))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }

    public func agent(thatSent event: EventID) async throws -> String? {
        try await database.rows("SELECT agent FROM bridge_sent_event WHERE event_id = \(event.rawValue)").first?.decode(String.self)
    }
}
