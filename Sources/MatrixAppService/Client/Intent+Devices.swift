import Foundation
import NIOHTTP1

/// Devices and keys of a namespace user (MSC4190: the appservice manages its users' devices itself).
extension Intent {
    /// Creates the device (`201`) or updates its display name (`200`): `PUT /devices/{id}?user_id=`.
    public func createDevice(id: DeviceID, displayname: String? = nil) async throws {
        var body: [String: JSONValue] = [:]
        if let displayname { body["display_name"] = .string(displayname) }
        try await withDevice(nil).call(.PUT, MatrixPath.client("v3", "devices", id.rawValue), json: .object(body))
    }

    /// Deletes the device and its keys; under MSC4190 no interactive auth is needed. A missing device is fine.
    public func deleteDevice(id: DeviceID) async throws {
        do {
            try await withDevice(nil).call(.DELETE, MatrixPath.client("v3", "devices", id.rawValue), json: [:], idempotent: true)
        } catch let error as MatrixError where error.status == 404 {
            return
        }
    }

    /// `POST /keys/upload` as this intent's device (which must be set: the homeserver refuses otherwise).
    /// Returns the one-time key counts the homeserver now holds.
    @discardableResult
    public func uploadKeys(_ body: JSONValue) async throws -> [String: Int] {
        precondition(deviceID != nil, "keys/upload needs a device")
        let answer = try await call(.POST, MatrixPath.client("v3", "keys", "upload"), json: body, idempotent: true)
        return answer["one_time_key_counts"]?.objectValue?.compactMapValues { $0.intValue.map(Int.init) } ?? [:]
    }

    /// `PUT /sendToDevice/{type}/{txnId}`: `messages` is user → device → content.
    public func sendToDevice(type: String, messages: JSONValue, txnID: String? = nil) async throws {
        try await call(.PUT, MatrixPath.client("v3", "sendToDevice", type, txnID ?? Self.newTxnID()), json: ["messages": messages])
    }
}
