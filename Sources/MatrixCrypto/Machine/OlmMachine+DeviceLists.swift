import Foundation
import Logging
import MatrixAppService

/// Other users' devices: their signed keys from `/keys/query`, kept in the store until `device_lists.changed`
/// or `left` names the user in a transaction.
extension OlmMachine {
    /// A device list is fetched again after this long even if no change was announced (a safety net for a
    /// change notice lost before this store existed).
    static let deviceListMaxAge: TimeInterval = 24 * 3600

    /// `device_lists.changed`/`left` named these users: query their devices again before the next send.
    /// Device lists are shared by all our devices, so one machine marking them is enough.
    public func devicesChanged(_ users: [UserID]) async {
        do {
            try await store.markDeviceListsOutdated(users)
        } catch {
            logger.error("could not mark device lists outdated", metadata: ["error": "\(error)"])
        }
    }

    /// The devices of `users` with a valid self-signature: stored lists when fresh, else from `/keys/query`.
    /// When the query fails, lists we hold (even outdated) are used rather than failing the send.
    func queryDevices(of users: [UserID]) async throws -> [TrackedDeviceKeys] {
        let wanted = Array(Set(users))
        let fresh = try await store.freshDeviceLists(of: wanted)
        let now = Date()
        let stale = wanted.filter { user in fresh[user].map { now.timeIntervalSince($0) >= Self.deviceListMaxAge } ?? true }
        if !stale.isEmpty {
            do {
                try await fetchDevices(of: stale)
            } catch {
                var held = false
                for user in stale where !(try await store.deviceKeys(of: user)).isEmpty { held = true }
                guard held else { throw error }
                logger.warning("device list query failed; using the device lists held", metadata: ["error": "\(error)"])
            }
        }
        var result: [TrackedDeviceKeys] = []
        for user in wanted { result += try await store.deviceKeys(of: user) }
        return result.sorted { ($0.user.rawValue, $0.device.rawValue) < ($1.user.rawValue, $1.device.rawValue) }
    }

    private func fetchDevices(of users: [UserID]) async throws {
        let body: JSONValue = ["device_keys": .object(Dictionary(uniqueKeysWithValues: users.map { ($0.rawValue, JSONValue.array([])) }))]
        let answer = try await intent.call(.POST, MatrixPath.client("v3", "keys", "query"), json: body, idempotent: true)
        let failed = Set((answer["failures"]?.objectValue ?? [:]).keys)
        for user in users {
            let listed = answer["device_keys"]?[user.rawValue]?.objectValue
            // A user whose server did not answer keeps the list we had; it is asked again next time.
            if listed == nil, failed.contains(user.server ?? "") { continue }
            var devices: [TrackedDeviceKeys] = []
            let known = Dictionary(try await store.deviceKeys(of: user).map { ($0.device, $0) }) { $1 }
            for (device, keys) in listed ?? [:] {
                guard let tracked = verifiedDevice(keys, user: user, device: DeviceID(device)) else { continue }
                if let old = known[tracked.device], old.ed25519 != tracked.ed25519 {
                    // Same device id, new signing key: not the device we knew. Keep the keys we trusted; only the
                    // real device can read what is encrypted for them.
                    logger.warning("device keys changed; keeping the keys first seen",
                                   metadata: ["user_id": "\(user)", "device_id": "\(device)"])
                    devices.append(old)
                    continue
                }
                devices.append(tracked)
            }
            try await store.replaceDeviceList(of: user, with: devices)
        }
        try await recordCrossSigningKeys(from: answer, of: users)
    }

    private func verifiedDevice(_ keys: JSONValue, user: UserID, device: DeviceID) -> TrackedDeviceKeys? {
        guard keys["user_id"]?.stringValue == user.rawValue, keys["device_id"]?.stringValue == device.rawValue,
              let curve = keys["keys"]?["curve25519:\(device)"]?.stringValue,
              let ed = keys["keys"]?["ed25519:\(device)"]?.stringValue
        else { return nil }
        do {
            try JSONSigning.verify(keys, entity: user.rawValue, keyID: "ed25519:\(device)", key: Ed25519Key(ed))
        } catch {
            logger.warning("device keys with a bad self-signature ignored", metadata: ["user_id": "\(user)", "device_id": "\(device)"])
            return nil
        }
        return TrackedDeviceKeys(user: user, device: device, curve25519: Curve25519Key(curve), ed25519: Ed25519Key(ed), json: keys)
    }
}
