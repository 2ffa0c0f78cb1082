import Foundation
import Logging

/// Sending into encrypted rooms: device keys of the room's members, olm sessions to their devices, our
/// megolm session shared with them over olm (`m.room_key`), then the event encrypted with it.
extension OlmMachine {
    /// Megolm defaults when `m.room.encryption` says nothing: rotate after this many messages or this long.
    static let rotationMessages = 100
    static let rotationSeconds: TimeInterval = 7 * 24 * 3600
    /// How long queried device lists are trusted without a `device_lists.changed` naming the user.
    static let deviceCacheSeconds: TimeInterval = 600

    /// `device_lists.changed`/`left` named these users: query their devices again before the next send.
    public func devicesChanged(_ users: [UserID]) {
        for user in users { deviceCache[user] = nil }
    }

    /// The `m.room.encrypted` content for an event of `type` with `content`, shared with every device of
    /// `members` (ours excluded). Throws rather than ever returning something unencrypted.
    public func encryptRoomEvent(room: RoomID, type: String, content: JSONValue, members: [UserID]) async throws -> JSONValue {
        guard let account else { throw CryptoError.notSetUp }
        let (session, stored) = try await outboundSession(for: room, members: Set(members))
        try await share(session: session, room: room, with: members)
        let plaintext: JSONValue = ["type": .string(type), "content": content, "room_id": .string(room.rawValue)]
        let ciphertext = try session.encrypt(try plaintext.jsonData())
        try await store.saveOutboundGroupSession(owner, StoredOutboundGroupSession(
            roomID: room, sessionID: session.sessionID, pickle: try session.pickle(key: pickleKey), createdAt: stored.createdAt,
            messageCount: stored.messageCount + 1))
        outbound[room]?.messageCount += 1
        var encrypted: [String: JSONValue] = [
            "algorithm": .string(CryptoAlgorithm.megolm), "sender_key": .string(account.identityKeys.curve25519.rawValue),
            "ciphertext": .string(ciphertext), "session_id": .string(session.sessionID.rawValue),
            "device_id": .string(owner.device.rawValue),
        ]
        // Relations stay in the clear, so servers can aggregate edits and replies.
        if let relation = content["m.relates_to"] { encrypted["m.relates_to"] = relation }
        return .object(encrypted)
    }

    private func outboundSession(for room: RoomID, members: Set<UserID>) async throws
        -> (any OlmOutboundGroupSessionProtocol, StoredOutboundGroupSession)
    {
        if let current = outbound[room] {
            // Someone who had the key left: they must not read what comes next.
            let leftSinceShared = !current.sharedUsers.isSubset(of: members)
            if !leftSinceShared, !Self.due(current.stored(messageCount: current.messageCount)) {
                return (current.session, current.stored(messageCount: current.messageCount))
            }
            outbound[room] = nil
            if leftSinceShared { logger.info("a member left: rotating the room's megolm session", metadata: ["room_id": "\(room)"]) }
        } else if let stored = try await store.outboundGroupSession(owner, room: room), !Self.due(stored) {
            let session = try driver.unpickleOutboundGroupSession(stored.pickle, key: pickleKey)
            // Who had it is not stored: share again (a repeated m.room_key is harmless).
            outbound[room] = OutboundState(session: session, createdAt: stored.createdAt, messageCount: stored.messageCount, sharedWith: [])
            return (session, stored)
        }
        let session = try driver.createOutboundGroupSession()
        let stored = StoredOutboundGroupSession(roomID: room, sessionID: session.sessionID, pickle: try session.pickle(key: pickleKey),
                                                createdAt: Date(), messageCount: 0)
        try await store.saveOutboundGroupSession(owner, stored)
        outbound[room] = OutboundState(session: session, createdAt: stored.createdAt, messageCount: 0, sharedWith: [])
        logger.info("new outbound megolm session", metadata: ["room_id": "\(room)", "session_id": "\(session.sessionID)"])
        return (session, stored)
    }

    private static func due(_ stored: StoredOutboundGroupSession) -> Bool {
        stored.messageCount >= rotationMessages || Date().timeIntervalSince(stored.createdAt) >= rotationSeconds
    }

    /// Sends the session's key to every member device that does not have it yet.
    private func share(session: any OlmOutboundGroupSessionProtocol, room: RoomID, with members: [UserID]) async throws {
        guard let account else { throw CryptoError.notSetUp }
        let devices = try await queryDevices(of: members).filter {
            !($0.user == owner.user && $0.device == owner.device) && outbound[room]?.sharedWith.contains(Self.deviceKey($0)) != true
        }
        guard !devices.isEmpty else { return }
        let sessionKey = try session.sessionKey()
        try await ensureOlmSessions(with: devices)
        var messages: [String: [String: JSONValue]] = [:]
        for device in devices {
            guard let olm = try await sessions(with: device.curve25519).first else {
                logger.warning("no olm session with a member device; it will not be able to read our messages",
                               metadata: ["user_id": "\(device.user)", "device_id": "\(device.device)"])
                continue
            }
            let payload: JSONValue = [
                "type": "m.room_key",
                "content": [
                    "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
                    "session_id": .string(session.sessionID.rawValue), "session_key": .string(sessionKey),
                ],
                "sender": .string(owner.user.rawValue), "sender_device": .string(owner.device.rawValue),
                "keys": ["ed25519": .string(account.identityKeys.ed25519.rawValue)],
                "recipient": .string(device.user.rawValue), "recipient_keys": ["ed25519": .string(device.ed25519.rawValue)],
            ]
            let message = try olm.encrypt(try payload.jsonData())
            try await store.saveOlmSession(owner, StoredOlmSession(sessionID: olm.sessionID, senderKey: device.curve25519,
                                                                   pickle: try olm.pickle(key: pickleKey), lastUsedAt: Date()))
            messages[device.user.rawValue, default: [:]][device.device.rawValue] = [
                "algorithm": .string(CryptoAlgorithm.olm), "sender_key": .string(account.identityKeys.curve25519.rawValue),
                "ciphertext": .object([device.curve25519.rawValue: ["type": .int(Int64(message.type.rawValue)), "body": .string(message.body)]]),
            ]
        }
        guard !messages.isEmpty else { return }
        try await intent.sendToDevice(type: "m.room.encrypted", messages: .object(messages.mapValues { .object($0) }))
        for device in devices where messages[device.user.rawValue]?[device.device.rawValue] != nil {
            outbound[room]?.sharedWith.insert(Self.deviceKey(device))
            outbound[room]?.sharedUsers.insert(device.user)
        }
        logger.info("room key shared", metadata: ["room_id": "\(room)", "session_id": "\(session.sessionID)",
                                                  "devices": "\(messages.values.map(\.count).reduce(0, +))"])
    }

    private static func deviceKey(_ device: TrackedDeviceKeys) -> String { device.user.rawValue + "|" + device.device.rawValue }

    /// The devices of `users`: cached, else from `/keys/query`, keeping those whose keys carry a valid
    /// self-signature.
    func queryDevices(of users: [UserID]) async throws -> [TrackedDeviceKeys] {
        var cached: [TrackedDeviceKeys] = []
        var stale: [UserID] = []
        for user in Set(users) {
            if let entry = deviceCache[user], Date().timeIntervalSince(entry.fetchedAt) < Self.deviceCacheSeconds {
                cached += entry.devices
            } else {
                stale.append(user)
            }
        }
        let fetched = try await fetchDevices(of: stale)
        let now = Date()
        for user in stale { deviceCache[user] = (fetched.filter { $0.user == user }, now) }
        return (cached + fetched).sorted { ($0.user.rawValue, $0.device.rawValue) < ($1.user.rawValue, $1.device.rawValue) }
    }

    private func fetchDevices(of users: [UserID]) async throws -> [TrackedDeviceKeys] {
        guard !users.isEmpty else { return [] }
        let body: JSONValue = ["device_keys": .object(Dictionary(uniqueKeysWithValues: users.map { ($0.rawValue, JSONValue.array([])) }))]
        let answer = try await intent.call(.POST, MatrixPath.client("v3", "keys", "query"), json: body, idempotent: true)
        var result: [TrackedDeviceKeys] = []
        let asked = Set(users.map(\.rawValue))
        for (user, devices) in answer["device_keys"]?.objectValue ?? [:] where asked.contains(user) {
            for (device, keys) in devices.objectValue ?? [:] {
                guard keys["user_id"]?.stringValue == user, keys["device_id"]?.stringValue == device,
                      let curve = keys["keys"]?["curve25519:\(device)"]?.stringValue,
                      let ed = keys["keys"]?["ed25519:\(device)"]?.stringValue
                else { continue }
                do {
                    try JSONSigning.verify(keys, entity: user, keyID: "ed25519:\(device)", key: Ed25519Key(ed))
                } catch {
                    logger.warning("device keys with a bad self-signature ignored", metadata: ["user_id": "\(user)", "device_id": "\(device)"])
                    continue
                }
                let tracked = TrackedDeviceKeys(user: UserID(user), device: DeviceID(device), curve25519: Curve25519Key(curve),
                                                ed25519: Ed25519Key(ed), json: keys)
                // A device whose keys changed under the same id is not the device we knew: skip it.
                if let known = try await store.deviceKeys(of: tracked.user).first(where: { $0.device == tracked.device }),
                   known.ed25519 != tracked.ed25519
                {
                    logger.warning("device keys changed; device ignored", metadata: ["user_id": "\(user)", "device_id": "\(device)"])
                    continue
                }
                try await store.saveDeviceKeys(tracked)
                result.append(tracked)
            }
        }
        return result.sorted { ($0.user.rawValue, $0.device.rawValue) < ($1.user.rawValue, $1.device.rawValue) }
    }

    /// Claims a one-time key of every device we have no olm session with, and starts a session from it.
    private func ensureOlmSessions(with devices: [TrackedDeviceKeys]) async throws {
        guard let account else { throw CryptoError.notSetUp }
        var missing: [TrackedDeviceKeys] = []
        for device in devices where try await sessions(with: device.curve25519).isEmpty { missing.append(device) }
        guard !missing.isEmpty else { return }
        var claim: [String: [String: JSONValue]] = [:]
        for device in missing { claim[device.user.rawValue, default: [:]][device.device.rawValue] = .string(CryptoAlgorithm.signedCurve25519) }
        let answer = try await intent.call(.POST, MatrixPath.client("v3", "keys", "claim"),
                                           json: ["one_time_keys": .object(claim.mapValues { .object($0) })], idempotent: false)
        for device in missing {
            guard let keys = answer["one_time_keys"]?[device.user.rawValue]?[device.device.rawValue]?.objectValue,
                  let (keyID, keyObject) = keys.first(where: { $0.key.hasPrefix(CryptoAlgorithm.signedCurve25519 + ":") }),
                  let key = keyObject["key"]?.stringValue
            else {
                logger.warning("no one-time key to claim", metadata: ["user_id": "\(device.user)", "device_id": "\(device.device)"])
                continue
            }
            do {
                try JSONSigning.verify(keyObject, entity: device.user.rawValue, keyID: "ed25519:\(device.device)", key: device.ed25519)
            } catch {
                logger.warning("claimed one-time key with a bad signature", metadata: ["key_id": "\(keyID)", "device_id": "\(device.device)"])
                continue
            }
            let session = try account.outboundSession(identityKey: device.curve25519, oneTimeKey: Curve25519Key(key))
            try await store.saveOlmSession(owner, StoredOlmSession(sessionID: session.sessionID, senderKey: device.curve25519,
                                                                   pickle: try session.pickle(key: pickleKey), lastUsedAt: Date()))
            olmSessions[device.curve25519] = [session] + (olmSessions[device.curve25519] ?? [])
        }
    }
}

/// Our megolm session for one room, while it is in use.
struct OutboundState {
    var session: any OlmOutboundGroupSessionProtocol
    var createdAt: Date
    var messageCount: Int
    /// `user|device` of every device that got its key.
    var sharedWith: Set<String>
    /// The users those devices belong to (a session is rotated when one of them leaves).
    var sharedUsers: Set<UserID> = []

    func stored(messageCount: Int) -> StoredOutboundGroupSession {
        StoredOutboundGroupSession(roomID: "", sessionID: session.sessionID, pickle: "", createdAt: createdAt, messageCount: messageCount)
    }
}
