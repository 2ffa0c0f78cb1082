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
    /// What was dropped while parsing, for the log.
    public var problems: [String] = []

    public init() {}

    public var isEmpty: Bool {
        events.isEmpty && ephemeral.isEmpty && toDevice.isEmpty && deviceLists.isEmpty
            && oneTimeKeyCounts.isEmpty && unusedFallbackKeyTypes.isEmpty
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

    /// Parses a transaction body. Throws `ParseError` only for a body that is not a transaction at all.
    public static func parse(_ body: Data) throws(ParseError) -> Transaction {
        guard !body.isEmpty else { throw .notJSON }
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: body)
        } catch let error as EnvelopeError {
            throw .badJSON(error.message)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw .badJSON("Transaction body must be a JSON object")
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            throw .notJSON
        } catch {
            throw .badJSON("Malformed transaction: \(error)")
        }
        return envelope.transaction
    }

    struct EnvelopeError: Error { var message: String }

    /// Decodes the envelope with a dynamic key set so unstable and stable names are both accepted.
    private struct Envelope: Decodable {
        var transaction = Transaction()

        init(from decoder: any Decoder) throws {
            let root = try decoder.container(keyedBy: AnyKey.self)
            guard root.contains(AnyKey("events")) else { throw EnvelopeError(message: "Missing 'events'") }
            guard let events = try? root.decode([Lenient<ClientEvent>].self, forKey: AnyKey("events")) else {
                throw EnvelopeError(message: "'events' must be an array")
            }
            var txn = Transaction()
            txn.events = Self.keep(events, section: "events", problems: &txn.problems)
            if let key = Self.firstKey(Section.ephemeral, in: root) {
                let items = (try? root.decode([Lenient<EphemeralEvent>].self, forKey: key)) ?? []
                txn.ephemeral = Self.keep(items, section: key.stringValue, problems: &txn.problems)
            }
            if let key = Self.firstKey(Section.toDevice, in: root) {
                let items = (try? root.decode([Lenient<ToDeviceEvent>].self, forKey: key)) ?? []
                txn.toDevice = Self.keep(items, section: key.stringValue, problems: &txn.problems)
            }
            if let key = Self.firstKey(Section.deviceLists, in: root) {
                if let lists = try? root.decode(DeviceListChanges.Lenient.self, forKey: key) {
                    txn.deviceLists = lists.value
                } else {
                    txn.problems.append("\(key.stringValue): not an object of user id lists")
                }
            }
            if let key = Self.firstKey(Section.otkCounts, in: root) {
                if let counts = try? root.decode([String: [String: [String: Int]]].self, forKey: key) {
                    txn.oneTimeKeyCounts = Self.byUserAndDevice(counts)
                } else {
                    txn.problems.append("\(key.stringValue): not user → device → algorithm → count")
                }
            }
            if let key = Self.firstKey(Section.fallbackTypes, in: root) {
                if let types = try? root.decode([String: [String: [String]]].self, forKey: key) {
                    txn.unusedFallbackKeyTypes = Self.byUserAndDevice(types)
                } else {
                    txn.problems.append("\(key.stringValue): not user → device → [algorithm]")
                }
            }
            transaction = txn
        }

        private static func firstKey(_ names: [String], in container: KeyedDecodingContainer<AnyKey>) -> AnyKey? {
            names.lazy.map(AnyKey.init).first(where: container.contains)
        }

        private static func keep<T>(_ items: [Lenient<T>], section: String, problems: inout [String]) -> [T] {
            var kept: [T] = []
            kept.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                switch item.result {
                case .success(let value): kept.append(value)
                case .failure(let error): problems.append("\(section)[\(index)] dropped: \(error.summary)")
                }
            }
            return kept
        }

        private static func byUserAndDevice<V>(_ raw: [String: [String: V]]) -> [UserID: [DeviceID: V]] {
            var result: [UserID: [DeviceID: V]] = [:]
            for (user, devices) in raw {
                var byDevice: [DeviceID: V] = [:]
                for (device, value) in devices { byDevice[DeviceID(device)] = value }
                result[UserID(user)] = byDevice
            }
            return result
        }
    }
}

extension DeviceListChanges {
    struct Lenient: Decodable {
        var value: DeviceListChanges
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            value = DeviceListChanges(
                changed: (try? container.decodeIfPresent([UserID].self, forKey: AnyKey("changed"))) ?? [],
                left: (try? container.decodeIfPresent([UserID].self, forKey: AnyKey("left"))) ?? []
            )
        }
    }
}

/// Decodes one array element without letting its failure fail the array.
struct Lenient<T: Decodable>: Decodable {
    var result: Result<T, any Error>
    init(from decoder: any Decoder) throws {
        do { result = .success(try T(from: decoder)) } catch { result = .failure(error) }
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension Error {
    /// A one-line reason for a decoding failure, naming the missing or mistyped key.
    var summary: String {
        guard let decoding = self as? DecodingError else { return String(describing: self) }
        switch decoding {
        case .keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "bad '\(path)'"
        @unknown default: return String(describing: decoding)
        }
    }
}
