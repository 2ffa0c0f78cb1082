import Foundation
import GRDB
import Logging
@testable import MatrixAppService

/// A fresh in-memory database with this module's schema.
func makeDatabase() throws -> DatabaseQueue {
    let queue = try DatabaseQueue()
    try TroupeDatabase.migrate(queue, migrations: [AppServiceSchema.registerMigrations])
    return queue
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

func messageEvent(_ id: String, body: String = "hello", room: String = "!room", sender: String = "@alice:localhost") -> JSONValue {
    [
        "type": "m.room.message", "event_id": .string(id), "room_id": .string(room), "sender": .string(sender),
        "origin_server_ts": 1_700_000_000_000, "content": ["msgtype": "m.text", "body": .string(body)],
    ]
}

func memberEvent(_ id: String, user: String, membership: String, room: String = "!room", sender: String = "@alice:localhost") -> JSONValue {
    [
        "type": "m.room.member", "event_id": .string(id), "room_id": .string(room), "sender": .string(sender),
        "state_key": .string(user), "origin_server_ts": 1, "content": ["membership": .string(membership)],
    ]
}

func transactionBody(_ events: [JSONValue], extra: [String: JSONValue] = [:]) -> Data {
    var object = extra
    object["events"] = .array(events)
    return try! JSONValue.object(object).jsonData()
}

/// Records what the dispatcher hands over, in order.
actor RecordingHandler: TransactionHandler {
    private(set) var log: [String] = []
    private(set) var timeline: [ClientEvent] = []
    private(set) var decrypted: [DecryptedEvent] = []
    private(set) var undecryptable: [UndecryptableEvent] = []
    /// Membership the state store showed for the event's sender when the handler saw the event.
    private(set) var membershipSeen: [EventID: Membership?] = [:]
    let state: (any StateStore)?

    init(state: (any StateStore)? = nil) { self.state = state }

    func handleToDevice(_ events: [ToDeviceEvent]) async { log.append("to_device:\(events.count)") }
    func handleDeviceLists(_ changes: DeviceListChanges) async { log.append("device_lists:\(changes.changed.count)") }
    func handleKeyCounts(oneTimeKeys: [UserID: [DeviceID: [String: Int]]],
                         unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]]) async {
        log.append("key_counts:\(oneTimeKeys.count)")
    }
    func handleEphemeral(_ events: [EphemeralEvent]) async { log.append("ephemeral:\(events.count)") }
    func handleDecrypted(_ event: DecryptedEvent) async {
        log.append("decrypted:\(event.event.eventID):\(event.event.type)")
        decrypted.append(event)
    }
    func handleUndecryptable(_ event: UndecryptableEvent) async {
        log.append("undecryptable:\(event.event.eventID)")
        undecryptable.append(event)
    }
    func handleTimeline(_ event: ClientEvent) async {
        log.append("timeline:\(event.eventID)")
        timeline.append(event)
        if let state {
            membershipSeen[event.eventID] = try? await state.membership(room: event.roomID, user: event.sender)
        }
    }
}
