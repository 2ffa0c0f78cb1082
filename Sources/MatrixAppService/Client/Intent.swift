import Foundation
import NIOHTTP1

/// Acts on the homeserver as one user of our namespace (the bot or an agent), optionally as one of its
/// devices. Masquerading uses `?user_id=` (and `&device_id=`) with the appservice token.
public struct Intent: Sendable {
    public let userID: UserID
    public let deviceID: DeviceID?
    public let isBot: Bool
    let client: HomeserverClient
    /// `package`: MatrixCrypto reads room members through it (who may ask for a room key).
    package let state: any StateStore
    let botUserID: UserID
    /// Encrypts events for encrypted rooms (see RoomEncryption.swift); nil only in tests.
    let encryption: RoomEncryptionSlot?

    public init(userID: UserID, deviceID: DeviceID? = nil, botUserID: UserID, client: HomeserverClient, state: any StateStore,
                encryption: RoomEncryptionSlot? = nil) {
        self.encryption = encryption
        self.userID = userID
        self.deviceID = deviceID
        self.isBot = userID == botUserID
        self.botUserID = botUserID
        self.client = client
        self.state = state
    }

    var bot: Intent { Intent(userID: botUserID, botUserID: botUserID, client: client, state: state, encryption: encryption) }

    public func withDevice(_ device: DeviceID?) -> Intent {
        Intent(userID: userID, deviceID: device, botUserID: botUserID, client: client, state: state, encryption: encryption)
    }

    private var identity: [(String, String)] {
        var query: [(String, String)] = [("user_id", userID.rawValue)]
        if let deviceID { query.append(("device_id", deviceID.rawValue)) }
        return query
    }

    /// `package`: MatrixCrypto calls the key endpoints (`/keys/query`, `/keys/claim`, cross-signing) through it.
    @discardableResult
    package func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json: JSONValue? = nil,
              idempotent: Bool? = nil) async throws -> JSONValue {
        try await client.sendJSON(MatrixRequest(method, path, query: identity + query, json: json, idempotent: idempotent))
    }

    // MARK: Account

    /// Registers the user unless we know it exists. Under MSC4190 the registration must not log in;
    /// `M_USER_IN_USE` means an earlier attempt (or another process) already created it.
    public func ensureRegistered() async throws {
        if try await state.isRegistered(userID) { return }
        guard let localpart = userID.localpart else { throw MatrixError.badJSON("Not a user id: \(userID)") }
        do {
            try await client.send(MatrixRequest(.POST, MatrixPath.client("v3", "register"), json: [
                "type": "m.login.application_service", "username": .string(localpart), "inhibit_login": true,
            ], idempotent: true))
        } catch let error as MatrixError where error.errcode == "M_USER_IN_USE" {
            // Already there: exactly what we wanted.
        }
        try await state.markRegistered(userID)
    }

    public func whoami() async throws -> (user: UserID, device: DeviceID?) {
        let answer = try await call(.GET, MatrixPath.client("v3", "account", "whoami"))
        return (UserID(answer["user_id"]?.stringValue ?? ""), answer["device_id"]?.stringValue.map(DeviceID.init))
    }

    public func setDisplayName(_ name: String) async throws {
        try await call(.PUT, MatrixPath.client("v3", "profile", userID.rawValue, "displayname"), json: ["displayname": .string(name)])
        try await state.setOwnDisplayname(userID, name)
    }

    /// Sets the display name unless it is already what we last set: a profile change is re-sent as a
    /// member event into every room the user is in, so restarts must not repeat it.
    public func ensureDisplayName(_ name: String) async throws {
        if try await state.ownDisplayname(userID) == name { return }
        try await setDisplayName(name)
    }

    public func setAvatarURL(_ url: ContentURI) async throws {
        try await call(.PUT, MatrixPath.client("v3", "profile", userID.rawValue, "avatar_url"), json: ["avatar_url": .string(url.rawValue)])
    }

    // MARK: Rooms

    public func createRoom(_ options: CreateRoomOptions) async throws -> RoomID {
        let answer = try await call(.POST, MatrixPath.client("v3", "createRoom"), json: options.body, idempotent: false)
        guard let raw = answer["room_id"]?.stringValue else { throw MatrixError.badJSON("createRoom answered without room_id") }
        let room = RoomID(raw)
        try await state.setMembership(room: room, user: userID, .join, displayname: nil)
        for (type, stateKey, content) in options.initialState {
            try await state.setState(room: room, type: type, stateKey: stateKey, content: content)
        }
        // The server may encrypt new rooms by default (`encryption_enabled_by_default_for_room_type`): what
        // we asked for is not necessarily what we got.
        if !options.initialState.contains(where: { $0.type == EventType.encryption.rawValue }) { await learnEncryption(of: room) }
        return room
    }

    public func invite(_ user: UserID, to room: RoomID, reason: String? = nil) async throws {
        var body: [String: JSONValue] = ["user_id": .string(user.rawValue)]
        if let reason { body["reason"] = .string(reason) }
        do {
            try await call(.POST, MatrixPath.client("v3", "rooms", room.rawValue, "invite"), json: .object(body), idempotent: true)
        } catch let error as MatrixError where error.status == 403 && error.message.contains("already in the room") {
            return
        }
        try await state.setMembership(room: room, user: user, .invite, displayname: nil)
    }

    /// Joins a room by id or alias; `via` helps for rooms on other servers.
    @discardableResult
    public func join(_ roomIDOrAlias: String, via servers: [String] = [], reason: String? = nil) async throws -> RoomID {
        var body: [String: JSONValue] = [:]
        if let reason { body["reason"] = .string(reason) }
        let answer = try await call(.POST, MatrixPath.client("v3", "join", roomIDOrAlias),
                                    query: servers.map { ("via", $0) }, json: .object(body), idempotent: true)
        let room = RoomID(answer["room_id"]?.stringValue ?? roomIDOrAlias)
        try await state.setMembership(room: room, user: userID, .join, displayname: nil)
        await learnEncryption(of: room)
        return room
    }

    /// Joins unless already joined; when the room refuses (not invited), the bot invites us first.
    public func ensureJoined(_ room: RoomID) async throws {
        try await ensureRegistered()
        if try await state.membership(room: room, user: userID) == .join { return }
        do {
            try await join(room.rawValue)
        } catch let error as MatrixError where error.status == 403 && !isBot {
            try await bot.ensureJoined(room)
            try await bot.invite(userID, to: room)
            try await join(room.rawValue)
        }
    }

    /// Leaves a room, or rejects an invite.
    public func leave(_ room: RoomID, reason: String? = nil) async throws {
        var body: [String: JSONValue] = [:]
        if let reason { body["reason"] = .string(reason) }
        try await call(.POST, MatrixPath.client("v3", "rooms", room.rawValue, "leave"), json: .object(body), idempotent: true)
        try await state.setMembership(room: room, user: userID, .leave, displayname: nil)
    }

    public func forget(_ room: RoomID) async throws {
        try await call(.POST, MatrixPath.client("v3", "rooms", room.rawValue, "forget"), json: [:], idempotent: true)
    }

    public func joinedMembers(_ room: RoomID) async throws -> [UserID] {
        let answer = try await call(.GET, MatrixPath.client("v3", "rooms", room.rawValue, "joined_members"))
        return (answer["joined"]?.objectValue?.keys).map { $0.sorted().map(UserID.init) } ?? []
    }

    // MARK: Events

    /// One event of a room this user can see, as the homeserver has it (`m.room.encrypted` stays encrypted).
    public func event(_ id: EventID, in room: RoomID) async throws -> ClientEvent {
        let answer = try await call(.GET, MatrixPath.client("v3", "rooms", room.rawValue, "event", id.rawValue))
        var json = answer
        // The endpoint may leave out the room id; the event is from this room either way.
        if json["room_id"] == nil, case .object(var fields) = json {
            fields["room_id"] = .string(room.rawValue)
            json = .object(fields)
        }
        return try JSONDecoder().decode(ClientEvent.self, from: try JSONEncoder().encode(json))
    }

    /// Sends a room event. The transaction id makes a retried send land once; pass one derived from
    /// what caused the send (e.g. the event being answered) so a replay after a crash lands once too.
    @discardableResult
    public func sendEvent(_ room: RoomID, type: String, content: JSONValue, txnID: String? = nil) async throws -> EventID {
        let requestedType = type
        let (sender, type, content) = try await outgoing(room, type: type, content: content)
        let answer = try await sender.call(.PUT, MatrixPath.client("v3", "rooms", room.rawValue, "send", type, txnID ?? Self.newTxnID()),
                                           json: content)
        guard let raw = answer["event_id"]?.stringValue else { throw MatrixError.badJSON("send answered without event_id") }
        // By the type asked for, not the wire type: an encrypted message counts as the message it carries.
        client.metrics.sent(requestedType)
        return EventID(raw)
    }

    @discardableResult
    public func sendMessage(_ room: RoomID, content: JSONValue, txnID: String? = nil) async throws -> EventID {
        try await sendEvent(room, type: .message, content: content, txnID: txnID)
    }

    @discardableResult
    public func sendNotice(_ room: RoomID, _ text: String, txnID: String? = nil) async throws -> EventID {
        try await sendMessage(room, MessageContent(msgtype: .notice, body: text), txnID: txnID)
    }

    @discardableResult
    public func sendState(_ room: RoomID, type: String, stateKey: String = "", content: JSONValue) async throws -> EventID {
        let answer = try await call(.PUT, MatrixPath.client("v3", "rooms", room.rawValue, "state", type, stateKey), json: content)
        try await state.setState(room: room, type: type, stateKey: stateKey, content: content)
        return EventID(answer["event_id"]?.stringValue ?? "")
    }

    @discardableResult
    public func redact(_ room: RoomID, event: EventID, reason: String? = nil, txnID: String? = nil) async throws -> EventID {
        var body: [String: JSONValue] = [:]
        if let reason { body["reason"] = .string(reason) }
        let answer = try await call(.PUT, MatrixPath.client("v3", "rooms", room.rawValue, "redact", event.rawValue, txnID ?? Self.newTxnID()),
                                    json: .object(body))
        return EventID(answer["event_id"]?.stringValue ?? "")
    }

    @discardableResult
    public func react(_ room: RoomID, to event: EventID, key: String, txnID: String? = nil) async throws -> EventID {
        try await send(room, ReactionContent(to: event, key: key), txnID: txnID)
    }

    public func setTyping(_ room: RoomID, typing: Bool, timeoutMs: Int = 30_000) async throws {
        var body: [String: JSONValue] = ["typing": .bool(typing)]
        if typing { body["timeout"] = .int(Int64(timeoutMs)) }
        try await call(.PUT, MatrixPath.client("v3", "rooms", room.rawValue, "typing", userID.rawValue), json: .object(body))
    }

    public func markRead(_ room: RoomID, event: EventID) async throws {
        try await call(.POST, MatrixPath.client("v3", "rooms", room.rawValue, "receipt", "m.read", event.rawValue), json: [:], idempotent: true)
    }

    // MARK: Media

    public func uploadMedia(_ data: Data, contentType: String, filename: String? = nil) async throws -> ContentURI {
        var request = MatrixRequest(.POST, "/_matrix/media/v3/upload", query: identity + (filename.map { [("filename", $0)] } ?? []))
        request.body = data
        request.contentType = contentType
        let answer = try JSONValue.decode(try await client.send(request))
        guard let uri = answer["content_uri"]?.stringValue else { throw MatrixError.badJSON("upload answered without content_uri") }
        return ContentURI(uri)
    }

    /// Authenticated media download (`/_matrix/client/v1/media`, Matrix 1.11+).
    public func downloadMedia(_ uri: ContentURI, maxBytes: Int = 100 * 1024 * 1024) async throws -> (data: Data, contentType: String?) {
        guard let (server, mediaID) = uri.parts else { throw MatrixError.badJSON("Not an mxc URI: \(uri)") }
        var request = MatrixRequest(.GET, MatrixPath.client("v1", "media", "download", server, mediaID), query: identity)
        request.responseLimit = maxBytes
        let (body, type) = try await client.sendRaw(request)
        return (body, type)
    }

    static func newTxnID() -> String { "troupe-" + UUID().uuidString.lowercased() }
}
