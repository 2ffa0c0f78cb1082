import Foundation

/// One appservice transaction, with every MSC2409/MSC3202 section parsed into typed values.
///
/// Parsing is strict about the envelope and lenient about its items: a transaction that is not a JSON
/// object with an `events` array is rejected (`M_BAD_JSON`), but one malformed event inside it is dropped
/// and reported in `problems`. Rejecting the whole body would make the homeserver retry it forever and
/// block every later transaction behind it.
public struct Transaction: Sendable {
    public var events: [ClientEvent] = []
    public var ephemeral: [EphemeralEvent] = []
    public var toDevice: [ToDeviceEvent] = []
    public var deviceLists = DeviceListChanges()
    /// user → device → algorithm → count of unclaimed one-time keys.
    public var oneTimeKeyCounts: [UserID: [DeviceID: [String: Int]]] = [:]
    /// user → device → algorithms whose fallback key has not been used yet.
    public var unusedFallbackKeyTypes: [UserID: [DeviceID: [String]]] = [:]
    /// What was dropped while parsing, for the log and the dropped-items counter.
    public var problems: [DroppedItem] = []

    public init() {}

    public var isEmpty: Bool {
        events.isEmpty && ephemeral.isEmpty && toDevice.isEmpty && deviceLists.isEmpty
            && oneTimeKeyCounts.isEmpty && unusedFallbackKeyTypes.isEmpty
    }
}

/// One part of a transaction that could not be used: an item of a section (an event, a to-device message)
/// or a whole optional section. The rest of the transaction goes on without it.
public struct DroppedItem: Sendable, Equatable, CustomStringConvertible {
    /// The body's key, e.g. `events` or `de.sorunome.msc2409.to_device`.
    public var section: String
    /// Position in the section's array; nil when the whole section was unusable.
    public var index: Int?
    /// The event id, when the item had one that could be read.
    public var eventID: EventID?
    public var reason: String

    public init(section: String, index: Int? = nil, eventID: EventID? = nil, reason: String) {
        self.section = section
        self.index = index
        self.eventID = eventID
        self.reason = reason
    }

    public var description: String {
        let place = index.map { "\(section)[\($0)]" } ?? section
        return "\(place)\(eventID.map { " (\($0))" } ?? "") dropped: \(reason)"
    }
}

public struct DeviceListChanges: Sendable, Hashable, Codable {
    public var changed: [UserID] = []
    public var left: [UserID] = []
    public init(changed: [UserID] = [], left: [UserID] = []) {
        self.changed = changed
        self.left = left
    }
    public var isEmpty: Bool { changed.isEmpty && left.isEmpty }
}

extension Transaction {
    /// Section names: the unstable names Synapse sends today, then the stable ones from the spec.
    enum Section {
        static let ephemeral = ["de.sorunome.msc2409.ephemeral", "ephemeral"]
        static let toDevice = ["de.sorunome.msc2409.to_device", "to_device"]
        static let deviceLists = ["org.matrix.msc3202.device_lists", "device_lists"]
        static let otkCounts = [
            "org.matrix.msc3202.device_one_time_keys_count", "org.matrix.msc3202.device_one_time_key_counts",
            "device_one_time_keys_count",
        ]
        static let fallbackTypes = ["org.matrix.msc3202.device_unused_fallback_key_types", "device_unused_fallback_key_types"]
    }

    public enum ParseError: Error, Sendable, Equatable {
        case notJSON
        case badJSON(String)

        public var matrixError: MatrixError {
            switch self {
            case .notJSON: return .notJSON()
            case .badJSON(let why): return .badJSON(why)
            }
        }
    }

    /// Parses a transaction body. Throws `ParseError` only for a body that is not a transaction at all;
    /// whatever one item inside looks like (nested past `JSONParser.maxDepth`, wrong types, missing
    /// fields), that item is dropped into `problems` and the rest is kept.
    public static func parse(_ body: Data) throws(ParseError) -> Transaction {
        guard !body.isEmpty else { throw .notJSON }
        let root: JSONValue
        let elisions: [JSONParser.Elision]
        do {
            (root, elisions) = try JSONParser.parseEliding(body)
        } catch {
            throw .notJSON
        }
        guard case .object(let object) = root else { throw .badJSON("Transaction body must be a JSON object") }
        guard let eventsValue = object["events"] else { throw .badJSON("Missing 'events'") }
        guard case .array(let events) = eventsValue else { throw .badJSON("'events' must be an array") }

        // Items with a part nested too deep to build: dropped whole, not handled with a hole in them.
        var tooDeep: [String: Set<Int>] = [:]
        for elision in elisions {
            guard elision.path.count == JSONParser.trackedPathDepth,
                  case .key(let section) = elision.path[0], case .index(let index) = elision.path[1] else { continue }
            tooDeep[section, default: []].insert(index)
        }
        let depthReason = "nested deeper than \(JSONParser.maxDepth) levels"

        var txn = Transaction()
        txn.events.reserveCapacity(events.count)
        let deepEvents = tooDeep["events"] ?? []
        for (index, item) in events.enumerated() {
            if deepEvents.contains(index) {
                txn.problems.append(DroppedItem(section: "events", index: index, eventID: item["event_id"]?.stringValue.map(EventID.init),
                                                reason: depthReason))
                continue
            }
            switch ClientEvent.from(json: item) {
            case .success(let event): txn.events.append(event)
            case .failure(let problem):
                txn.problems.append(DroppedItem(section: "events", index: index, eventID: item["event_id"]?.stringValue.map(EventID.init),
                                                reason: problem.reason))
            }
        }
        if let (key, value) = first(Section.ephemeral, in: object) {
            txn.ephemeral = items(value, section: key, tooDeep: tooDeep[key] ?? [], depthReason: depthReason,
                                  problems: &txn.problems, EphemeralEvent.from(json:))
        }
        if let (key, value) = first(Section.toDevice, in: object) {
            txn.toDevice = items(value, section: key, tooDeep: tooDeep[key] ?? [], depthReason: depthReason,
                                 problems: &txn.problems, ToDeviceEvent.from(json:))
        }
        if let (key, value) = first(Section.deviceLists, in: object) {
            if case .object(let lists) = value {
                txn.deviceLists = DeviceListChanges(changed: userIDs(lists["changed"]), left: userIDs(lists["left"]))
            } else {
                txn.problems.append(DroppedItem(section: key, reason: "not an object of user id lists"))
            }
        }
        if let (key, value) = first(Section.otkCounts, in: object) {
            if let counts = byUserAndDevice(value, { $0.objectValue?.compactMapValues { $0.intValue.map(Int.init) } }) {
                txn.oneTimeKeyCounts = counts
            } else {
                txn.problems.append(DroppedItem(section: key, reason: "not user → device → algorithm → count"))
            }
        }
        if let (key, value) = first(Section.fallbackTypes, in: object) {
            if let types = byUserAndDevice(value, { $0.arrayValue?.compactMap(\.stringValue) }) {
                txn.unusedFallbackKeyTypes = types
            } else {
                txn.problems.append(DroppedItem(section: key, reason: "not user → device → [algorithm]"))
            }
        }
        return txn
    }

    private static func first(_ names: [String], in object: [String: JSONValue]) -> (String, JSONValue)? {
        for name in names { if let value = object[name] { return (name, value) } }
        return nil
    }

    private static func items<T>(_ value: JSONValue, section: String, tooDeep: Set<Int>, depthReason: String,
                                 problems: inout [DroppedItem], _ convert: (JSONValue) -> Result<T, EventShapeError>) -> [T] {
        guard case .array(let array) = value else {
            problems.append(DroppedItem(section: section, reason: "not an array"))
            return []
        }
        var kept: [T] = []
        for (index, item) in array.enumerated() {
            if tooDeep.contains(index) {
                problems.append(DroppedItem(section: section, index: index, reason: depthReason))
                continue
            }
            switch convert(item) {
            case .success(let value): kept.append(value)
            case .failure(let problem): problems.append(DroppedItem(section: section, index: index, reason: problem.reason))
            }
        }
        return kept
    }

    private static func userIDs(_ value: JSONValue?) -> [UserID] {
        value?.arrayValue?.compactMap { $0.stringValue.map(UserID.init) } ?? []
    }

    private static func byUserAndDevice<V>(_ value: JSONValue, _ convert: (JSONValue) -> V?) -> [UserID: [DeviceID: V]]? {
        guard case .object(let users) = value else { return nil }
        var result: [UserID: [DeviceID: V]] = [:]
        for (user, devicesValue) in users {
            guard case .object(let devices) = devicesValue else { return nil }
            var byDevice: [DeviceID: V] = [:]
            for (device, entry) in devices {
                guard let converted = convert(entry) else { return nil }
                byDevice[DeviceID(device)] = converted
            }
            result[UserID(user)] = byDevice
        }
        return result
    }
}

/// Why one item of a transaction was dropped.
struct EventShapeError: Error {
    var reason: String
}

extension ClientEvent {
    static func from(json: JSONValue) -> Result<ClientEvent, EventShapeError> {
        guard case .object(let object) = json else { return .failure(EventShapeError(reason: "not an object")) }
        guard let type = object["type"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'type'")) }
        guard let eventID = object["event_id"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'event_id'")) }
        guard let sender = object["sender"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'sender'")) }
        guard let roomID = object["room_id"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'room_id'")) }
        let stateKey = object["state_key"]
        if let stateKey, stateKey.stringValue == nil { return .failure(EventShapeError(reason: "bad 'state_key'")) }
        return .success(ClientEvent(
            type: type, eventID: EventID(eventID), sender: UserID(sender), roomID: RoomID(roomID),
            stateKey: stateKey?.stringValue, content: object["content"] ?? .object([:]),
            originServerTS: object["origin_server_ts"]?.intValue ?? 0, unsigned: object["unsigned"]))
    }
}

extension EphemeralEvent {
    static func from(json: JSONValue) -> Result<EphemeralEvent, EventShapeError> {
        guard let type = json["type"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'type'")) }
        return .success(EphemeralEvent(type: type, roomID: json["room_id"]?.stringValue.map(RoomID.init),
                                       content: json["content"] ?? .object([:])))
    }
}

extension ToDeviceEvent {
    static func from(json: JSONValue) -> Result<ToDeviceEvent, EventShapeError> {
        guard let type = json["type"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'type'")) }
        guard let sender = json["sender"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'sender'")) }
        guard let user = json["to_user_id"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'to_user_id'")) }
        guard let device = json["to_device_id"]?.stringValue else { return .failure(EventShapeError(reason: "missing 'to_device_id'")) }
        return .success(ToDeviceEvent(type: type, sender: UserID(sender), toUserID: UserID(user), toDeviceID: DeviceID(device),
                                      content: json["content"] ?? .object([:])))
    }
}
