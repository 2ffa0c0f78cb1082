import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

/// A homeserver stand-in for the crypto machine: answers devices, register and keys/upload, records each
/// request, and runs `onUpload` while a `/keys/upload` is in flight.
actor KeyServer {
    struct Seen: Sendable {
        var method: String
        var path: String
        var query: String
        var body: JSONValue?
    }
    private(set) var requests: [Seen] = []
    var onUpload: (@Sendable () async -> Void)?
    var uploadStatus: HTTPResponse.Status = .ok
    /// Canned answers by path suffix (e.g. `/keys/query`).
    var canned: [String: String] = [:]

    /// Answers held back by path suffix, so concurrent callers overlap at that request.
    var delays: [String: Duration] = [:]
    /// Statuses by path suffix (e.g. a 500 for a state read).
    var statuses: [String: HTTPResponse.Status] = [:]

    func setAnswer(_ suffix: String, _ body: String) { canned[suffix] = body }
    func setDelay(_ suffix: String, _ delay: Duration) { delays[suffix] = delay }
    func setStatus(_ suffix: String, _ status: HTTPResponse.Status?) { statuses[suffix] = status }

    func setOnUpload(_ hook: @escaping @Sendable () async -> Void) { onUpload = hook }

    func answer(_ request: Request, body: String) async -> (HTTPResponse.Status, String) {
        let json = body.isEmpty ? nil : try? JSONValue.decode(Data(body.utf8))
        requests.append(Seen(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", body: json))
        if let (_, delay) = delays.first(where: { request.uri.path.hasSuffix($0.key) }) { try? await Task.sleep(for: delay) }
        if let (_, status) = statuses.first(where: { request.uri.path.hasSuffix($0.key) }) {
            return (status, #"{"errcode":"M_UNKNOWN","error":"test status"}"#)
        }
        if request.uri.path.hasSuffix("/keys/upload") {
            let status = uploadStatus
            await onUpload?()
            let count = json?["one_time_keys"]?.objectValue?.count ?? 0
            return (status, #"{"one_time_key_counts":{"signed_curve25519":\#(count)}}"#)
        }
        if let (_, body) = canned.first(where: { request.uri.path.hasSuffix($0.key) }) { return (.ok, body) }
        return (.ok, "{}")
    }

    var uploads: [JSONValue] { requests.filter { $0.path.hasSuffix("/keys/upload") }.compactMap(\.body) }
}

func withKeyServer(_ body: @escaping @Sendable (AppService, KeyServer) async throws -> Void) async throws {
    let server = KeyServer()
    try await withStandInHomeserver(answer: { request, text in await server.answer(request, body: text) }) { appservice in
        try await body(appservice, server)
    }
}

/// An AppService whose homeserver is a live local stand-in: every request is handed to `answer` with its body.
func withStandInHomeserver(answer: @escaping @Sendable (Request, String) async -> (HTTPResponse.Status, String),
                           _ body: @escaping @Sendable (AppService) async throws -> Void) async throws {
    let router = Router()
    for method in [HTTPRequest.Method.get, .post, .put, .delete] {
        router.on("**", method: method) { request, _ in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let (status, json) = await answer(request, text)
            return Response(status: status, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }
    let app = Application(router: router, logger: quietLogger)
    try await app.test(.live) { client in
        let homeserver = HomeserverClient(baseURL: "http://127.0.0.1:\(client.port!)", asToken: "as",
                                          retry: RetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(1)), logger: quietLogger)
        let settings = AppServiceSettings(id: "troupe", homeserverURL: "", domain: "localhost", asToken: "as", hsToken: "hs",
                                          botLocalpart: "troupe", userPrefix: "troupe_")
        let database = try DatabaseQueue()
        try TroupeDatabase.migrate(database, migrations: [AppServiceSchema.registerMigrations])
        try await body(AppService(settings: settings, client: homeserver, state: SQLiteStateStore(database)))
    }
}

func makeCryptoStore() throws -> SQLiteCryptoStore {
    let queue = try DatabaseQueue()
    try TroupeDatabase.migrate(queue, migrations: [CryptoSchema.registerMigrations])
    return SQLiteCryptoStore(queue)
}

let pickleKey = OlmPickleKey(String(repeating: "k", count: 64))
let bob = CryptoOwner(user: "@troupe_bob:localhost", device: "TROUPE_BOB")
let alice: UserID = "@alice:localhost"
let room: RoomID = "!room"

func machine(_ appservice: AppService, _ store: any CryptoStore, settle: TimeInterval = 10, owner: CryptoOwner = bob,
             limits: CryptoLimits = .standard) -> OlmMachine {
    OlmMachine(owner: owner, intent: appservice.intent(for: owner.user), store: store, pickleKey: pickleKey,
               countSettleSeconds: settle, limits: limits, logger: quietLogger)
}

/// Alice's side, written with the raw wrappers the way a client would: claims one of Bob's one-time keys,
/// sends him the room key over olm, then megolm messages.
final class Peer {
    let account: OlmAccount
    let group: OlmOutboundGroupSession
    var session: (OlmSession)?
    let bobKeys: IdentityKeys
    let bobOneTimeKey: Curve25519Key
    /// Who sends the to-device events (Alice unless a test plays someone else).
    var user: UserID = alice

    init(bobKeys: IdentityKeys, bobOneTimeKey: Curve25519Key) throws {
        account = try OlmAccount()
        group = try OlmOutboundGroupSession()
        self.bobKeys = bobKeys
        self.bobOneTimeKey = bobOneTimeKey
    }

    func olm(type: String, content: JSONValue, recipient: UserID = bob.user, sender: UserID? = nil) throws -> ToDeviceEvent {
        let sender = sender ?? user
        if session == nil {
            session = try account.outboundSession(identityKey: bobKeys.curve25519, oneTimeKey: bobOneTimeKey)
        }
        let payload: JSONValue = [
            "type": .string(type), "content": content, "sender": .string(sender.rawValue), "recipient": .string(recipient.rawValue),
            "recipient_keys": ["ed25519": .string(bobKeys.ed25519.rawValue)],
            "keys": ["ed25519": .string(account.identityKeys.ed25519.rawValue)], "sender_device": "ALICEDEVICE",
        ]
        let message = try session!.encrypt(try payload.jsonData())
        return ToDeviceEvent(type: "m.room.encrypted", sender: user, toUserID: bob.user, toDeviceID: bob.device, content: [
            "algorithm": .string(CryptoAlgorithm.olm), "sender_key": .string(account.identityKeys.curve25519.rawValue),
            "ciphertext": .object([bobKeys.curve25519.rawValue: ["type": .int(Int64(message.type.rawValue)), "body": .string(message.body)]]),
        ])
    }

    func roomKey(room: RoomID = room, sessionID: String? = nil) throws -> ToDeviceEvent {
        try olm(type: "m.room_key", content: [
            "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
            "session_id": .string(sessionID ?? group.sessionID.rawValue), "session_key": .string(try group.sessionKey()),
        ])
    }

    func megolm(_ text: String, id: String, room: RoomID = room, claimedRoom: RoomID? = nil) throws -> ClientEvent {
        let plaintext: JSONValue = [
            "type": "m.room.message", "room_id": .string((claimedRoom ?? room).rawValue),
            "content": ["msgtype": "m.text", "body": .string(text)],
        ]
        let ciphertext = try group.encrypt(try plaintext.jsonData())
        return ClientEvent(type: "m.room.encrypted", eventID: EventID(id), sender: user, roomID: room, content: [
            "algorithm": .string(CryptoAlgorithm.megolm), "sender_key": .string(account.identityKeys.curve25519.rawValue),
            "ciphertext": .string(ciphertext), "session_id": .string(group.sessionID.rawValue), "device_id": "ALICEDEVICE",
        ], originServerTS: 1_700_000_000_000)
    }
}

/// Bob's published keys, from his first upload.
func published(_ upload: JSONValue) throws -> (IdentityKeys, Curve25519Key) {
    let keys = try #require(upload["device_keys"]?["keys"])
    let identity = IdentityKeys(curve25519: Curve25519Key(try #require(keys["curve25519:TROUPE_BOB"]?.stringValue)),
                                ed25519: Ed25519Key(try #require(keys["ed25519:TROUPE_BOB"]?.stringValue)))
    let oneTimeKey = try #require(upload["one_time_keys"]?.objectValue?.values.first?["key"]?.stringValue)
    return (identity, Curve25519Key(oneTimeKey))
}

/// Another of Bob's published one-time keys (sorted by id; `published` takes an arbitrary one, so skip it).
func oneTimeKey(_ upload: JSONValue, number: Int) throws -> Curve25519Key {
    let first = try published(upload).1
    let keys = try #require(upload["one_time_keys"]?.objectValue).sorted { $0.key < $1.key }
        .compactMap { $0.value["key"]?.stringValue }.filter { $0 != first.rawValue }
    return Curve25519Key(keys[number])
}

extension CryptoTests {
    @Suite struct OlmMachineTests {
        @Test func accountIsSavedBeforeItsKeysAreUploadedAndMarkedPublishedAfter() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                await server.setOnUpload {
                    let saved = try? await store.account(bob)
                    #expect(saved != nil, "the account must be saved before /keys/upload")
                    #expect(saved?.published == false)
                }
                let machine = machine(appservice, store)
                try await machine.setUp()
                #expect(try await store.account(bob)?.published == true)

                let requests = await server.requests
                let paths = requests.map { "\($0.method) \($0.path)" }
                // A device without a stored account is deleted and created fresh, never uploaded over.
                #expect(paths == ["POST /_matrix/client/v3/register", "DELETE /_matrix/client/v3/devices/TROUPE_BOB",
                                  "PUT /_matrix/client/v3/devices/TROUPE_BOB", "POST /_matrix/client/v3/keys/upload"])
                #expect(requests[3].query.contains("device_id=TROUPE_BOB"))
                #expect(!requests[2].query.contains("device_id"))

                let upload = try #require(await server.uploads.first)
                let identity = try #require(await machine.identityKeys)
                let deviceKeys = try #require(upload["device_keys"])
                #expect(deviceKeys["algorithms"] == [.string(CryptoAlgorithm.olm), .string(CryptoAlgorithm.megolm)])
                try JSONSigning.verify(deviceKeys, entity: bob.user.rawValue, keyID: "ed25519:TROUPE_BOB", key: identity.ed25519)
                let oneTimeKeys = try #require(upload["one_time_keys"]?.objectValue)
                #expect(oneTimeKeys.count == OlmMachine.oneTimeKeyTarget)
                for (id, key) in oneTimeKeys {
                    #expect(id.hasPrefix("signed_curve25519:"))
                    try JSONSigning.verify(key, entity: bob.user.rawValue, keyID: "ed25519:TROUPE_BOB", key: identity.ed25519)
                }
                let fallback = try #require(upload["fallback_keys"]?.objectValue)
                #expect(fallback.count == 1)
                #expect(fallback.values.first?["fallback"] == true)
                try JSONSigning.verify(try #require(fallback.values.first), entity: bob.user.rawValue, keyID: "ed25519:TROUPE_BOB",
                                       key: identity.ed25519)
            }
        }

        @Test func aSavedAccountIsLoadedWithoutUploading() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let first = machine(appservice, store)
                try await first.setUp()
                let second = machine(appservice, store)
                try await second.setUp()
                #expect(await second.identityKeys == (await first.identityKeys))
                #expect(await server.uploads.count == 1)
                #expect(try await store.device(of: bob.user) == bob.device)
            }
        }

        @Test func refusedKeysOfAnUnpublishedAccountRecreateTheDevice() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let lost = try OlmAccount()
                try await store.saveAccount(StoredAccount(owner: bob, pickle: try lost.pickle(key: pickleKey), published: false))
                await server.setOnUpload {}
                let machine = machine(appservice, store)
                // The server refuses the first upload (one-time key ids taken by an older account).
                await server.refuseNextUpload()
                try await machine.setUp()
                #expect(await machine.identityKeys != lost.identityKeys)
                let paths = await server.requests.map { "\($0.method) \($0.path)" }
                #expect(paths.suffix(3) == ["DELETE /_matrix/client/v3/devices/TROUPE_BOB", "PUT /_matrix/client/v3/devices/TROUPE_BOB",
                                            "POST /_matrix/client/v3/keys/upload"])
                #expect(try await store.account(bob)?.published == true)
            }
        }

        @Test func keyCountsTopUpOneTimeKeysAndReplaceAUsedFallbackKey() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore(), settle: 0)
                try await machine.setUp()
                await machine.handleKeyCounts(oneTimeKeys: 50, fallbackTypes: ["signed_curve25519"])
                #expect(await server.uploads.count == 1)
                await machine.handleKeyCounts(oneTimeKeys: 45, fallbackTypes: [])
                let uploads = await server.uploads
                #expect(uploads.count == 2)
                #expect(uploads[1]["device_keys"] == nil)
                #expect(uploads[1]["one_time_keys"]?.objectValue?.count == 5)
                #expect(uploads[1]["fallback_keys"]?.objectValue?.count == 1)
            }
        }

        @Test func roomKeyOverOlmThenMegolmMessagesDecrypt() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let machine = machine(appservice, store)
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)

                let keyEvent = try peer.roomKey()
                let decrypted = try await machine.decryptToDevice(keyEvent)
                #expect(decrypted.type == "m.room_key")
                #expect(decrypted.senderKey == peer.account.identityKeys.curve25519)
                #expect(decrypted.senderSigningKey == peer.account.identityKeys.ed25519)
                try await machine.handleRoomKey(decrypted)
                #expect(try await store.olmSessions(bob, senderKey: peer.account.identityKeys.curve25519).count == 1)

                // The same ciphertext again is a duplicate, not a second room key.
                await #expect(throws: CryptoError.duplicateOlmMessage) { try await machine.decryptToDevice(keyEvent) }

                let event = try peer.megolm("hello", id: "$1")
                let plain = try await machine.decryptRoomEvent(event)
                #expect(plain.type == "m.room.message")
                #expect(plain.content["body"] == "hello")
                #expect(plain.eventID == "$1")
                // Delivered again (same event) is fine; the same index in another event is a replay.
                _ = try await machine.decryptRoomEvent(event)
                var replay = event
                replay.eventID = "$replayed"
                await #expect(throws: CryptoError.replayed(index: 0, firstEvent: "$1")) { try await machine.decryptRoomEvent(replay) }

                // A payload for another room, delivered in this one.
                let moved = try peer.megolm("moved", id: "$2", claimedRoom: "!elsewhere")
                await #expect(throws: CryptoError.roomMismatch(claimed: "!elsewhere")) { try await machine.decryptRoomEvent(moved) }

                // A restarted machine reads its sessions back from the store.
                let restarted = OlmMachine(owner: bob, intent: appservice.intent(for: bob.user), store: store, pickleKey: pickleKey,
                                           logger: quietLogger)
                try await restarted.setUp()
                #expect(try await restarted.decryptRoomEvent(try peer.megolm("again", id: "$3")).content["body"] == "again")
                let second = try await restarted.decryptToDevice(try peer.olm(type: "m.dummy", content: [:]))
                #expect(second.type == "m.dummy")
            }
        }

        @Test func olmPayloadChecksAndSessionIDCheck() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                await #expect(throws: CryptoError.payloadMismatch(field: "recipient")) {
                    try await machine.decryptToDevice(try peer.olm(type: "m.dummy", content: [:], recipient: "@someone:localhost"))
                }
                await #expect(throws: CryptoError.payloadMismatch(field: "sender")) {
                    try await machine.decryptToDevice(try peer.olm(type: "m.dummy", content: [:], sender: "@mallory:localhost"))
                }
                let lying = try await machine.decryptToDevice(try peer.roomKey(sessionID: "not-the-session"))
                await #expect(throws: CryptoError.sessionIDMismatch(claimed: "not-the-session", actual: peer.group.sessionID.rawValue)) {
                    try await machine.handleRoomKey(lying)
                }
                await #expect(throws: CryptoError.missingRoomKey(peer.group.sessionID)) {
                    try await machine.decryptRoomEvent(try peer.megolm("hi", id: "$x"))
                }
            }
        }

        @Test func aMissingRoomKeyIsRequestedFromTheSendersDevice() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                let handler = CryptoHandler(logger: quietLogger)
                await handler.add(machine)
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let event = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey).megolm("hello", id: "$1")
                await handler.requestKey(for: event)
                let request = try #require(await server.requests.last)
                #expect(request.method == "PUT")
                #expect(request.path.hasPrefix("/_matrix/client/v3/sendToDevice/m.room_key_request/"))
                #expect(request.query.contains("device_id=TROUPE_BOB"))
                let content = try #require(request.body?["messages"]?[alice.rawValue]?["ALICEDEVICE"])
                #expect(content["action"] == "request")
                #expect(content["requesting_device_id"] == "TROUPE_BOB")
                #expect(content["body"]?["session_id"] == event.content["session_id"])
                #expect(content["body"]?["room_id"] == .string(room.rawValue))
            }
        }

        @Test func sentEventsAreEncryptedAndTheRoomKeyIsSharedOverOlm() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                try await serveAliceDevice(peer, on: server)

                let encrypted = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "hi"],
                                                                   members: [alice, bob.user])
                #expect(encrypted["algorithm"] == .string(CryptoAlgorithm.megolm))
                #expect(encrypted["device_id"] == "TROUPE_BOB")

                // Alice reads the room key from the to-device message, then the event.
                let toDevice = try #require(await server.requests.last { $0.path.contains("/sendToDevice/m.room.encrypted/") })
                let wrapped = try #require(toDevice.body?["messages"]?[alice.rawValue]?["ALICEDEVICE"])
                let cipher = try #require(wrapped["ciphertext"]?[peer.account.identityKeys.curve25519.rawValue])
                let body = try #require(cipher["body"]?.stringValue)
                #expect(cipher["type"] == 0)
                let session = try peer.account.inboundSession(preKeyMessage: body, from: keys.curve25519)
                let payload = try JSONValue.decode(try session.decrypt(OlmMessage(type: .preKey, body: body)))
                #expect(payload["type"] == "m.room_key")
                #expect(payload["recipient"] == .string(alice.rawValue))
                #expect(payload["keys"]?["ed25519"] == .string(keys.ed25519.rawValue))
                let inbound = try OlmInboundGroupSession(sessionKey: try #require(payload["content"]?["session_key"]?.stringValue))
                #expect(inbound.sessionID.rawValue == encrypted["session_id"]?.stringValue)
                let plain = try JSONValue.decode(try inbound.decrypt(try #require(encrypted["ciphertext"]?.stringValue)).plaintext)
                #expect(plain["content"]?["body"] == "hi")
                #expect(plain["room_id"] == .string(room.rawValue))

                // The next message reuses the session and shares nothing again.
                let shares = await server.requests.filter { $0.path.contains("/sendToDevice/") }.count
                let second = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "again"],
                                                                members: [alice, bob.user])
                #expect(second["session_id"] == encrypted["session_id"])
                #expect(await server.requests.filter { $0.path.contains("/sendToDevice/") }.count == shares)
                #expect(try JSONValue.decode(try inbound.decrypt(try #require(second["ciphertext"]?.stringValue)).plaintext)["content"]?["body"] == "again")

                // Device lists are cached until device_lists.changed names the user.
                let queries = { await server.requests.filter { $0.path.hasSuffix("/keys/query") }.count }
                #expect(await queries() == 1)
                await machine.devicesChanged([alice])
                _ = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "3"], members: [alice, bob.user])
                #expect(await queries() == 2)

                // Alice leaves: the next message gets a new session she never receives.
                let after = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "secret"],
                                                               members: [bob.user])
                #expect(after["session_id"] != encrypted["session_id"])
                #expect(await server.requests.filter { $0.path.contains("/sendToDevice/") }.count == shares)
            }
        }

        @Test func handlerRoutesToDeviceEventsAndWaitsForKeys() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                let handler = CryptoHandler(logger: quietLogger)
                await handler.add(machine)
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                // The key is exported before the message is sent (it would start at index 1 otherwise).
                var misrouted = try peer.roomKey()
                misrouted.toDeviceID = "OTHERDEVICE"
                let keyEvent = try peer.roomKey()
                let event = try peer.megolm("hello", id: "$1")
                guard case .waitingForKey = await handler.decrypt(event) else { Issue.record("expected waitingForKey"); return }

                // The key arrives while the transport waits for it.
                let waiting = Task { await handler.decrypt(event, waitingUpTo: .seconds(5), pollEvery: .milliseconds(20)) }
                await handler.handleToDevice([misrouted])
                try await Task.sleep(for: .milliseconds(100))
                await handler.handleToDevice([keyEvent])
                let result = await waiting.value
                guard case .decrypted(let plain) = result else { Issue.record("expected a decrypted event, got \(result)"); return }
                #expect(plain.event.content["body"] == "hello")
            }
        }
    }
}

extension KeyServer {
    func refuseNextUpload() {
        uploadStatus = .badRequest
        onUpload = { [weak self] in await self?.allowUploads() }
    }
    func allowUploads() { uploadStatus = .ok }
}

/// An encryptor that records what it was asked and answers with a fixed ciphertext.
private actor FakeEncryptor: RoomEventEncryptor {
    private(set) var asked: [(room: RoomID, type: String, members: [UserID], settings: JSONValue?)] = []
    func encrypt(room: RoomID, type: String, content: JSONValue, as user: UserID, members: [UserID], settings: JSONValue?)
        async throws -> (content: JSONValue, device: DeviceID)
    {
        asked.append((room, type, members, settings))
        return (["algorithm": .string(CryptoAlgorithm.megolm), "ciphertext": "opaque"], "TROUPE_BOB")
    }
}

extension CryptoTests {
    @Suite struct EncryptedSendTests {
        @Test func nothingIsSentIntoAnEncryptedRoomWithoutAnEncryptor() async throws {
            try await withKeyServer { appservice, server in
                try await appservice.state.setState(room: room, type: "m.room.encryption", stateKey: "",
                                                    content: ["algorithm": .string(CryptoAlgorithm.megolm)])
                await #expect(throws: PlaintextRefused.self) {
                    try await appservice.intent(for: bob.user).sendNotice(room, "secret")
                }
                #expect(await server.requests.isEmpty)
            }
        }

        @Test func aRoomWhoseEncryptionCouldNotBeReadGetsNothingUntilItCanBe() async throws {
            try await withKeyServer { appservice, server in
                let encryptor = FakeEncryptor()
                appservice.encryption.encryptor = encryptor
                let intent = appservice.intent(for: bob.user)
                // The join succeeds but the state read fails with a 500: not "unencrypted".
                await server.setStatus("/state/m.room.encryption/", .internalServerError)
                try await intent.join(room.rawValue)
                await #expect(throws: EncryptionStateUnknown.self) { try await intent.sendNotice(room, "secret", txnID: "t1") }
                await #expect(throws: EncryptionStateUnknown.self) {
                    try await intent.uploadAttachment(Data("secret".utf8), contentType: "text/plain", filename: "a.txt", for: room)
                }
                #expect(await server.requests.filter { $0.path.contains("/send/") || $0.path.contains("/upload") }.isEmpty)
                // The server answers again: the room is encrypted, and the send goes out encrypted.
                await server.setStatus("/state/m.room.encryption/", nil)
                await server.setAnswer("/state/m.room.encryption/", #"{"algorithm":"m.megolm.v1.aes-sha2"}"#)
                _ = try? await intent.sendNotice(room, "secret", txnID: "t2")  // the stand-in answers sends without an event id
                let sends = await server.requests.filter { $0.path.contains("/send/") }.map(\.path)
                #expect(sends == ["/_matrix/client/v3/rooms/%21room/send/m.room.encrypted/t2"])
            }
        }

        @Test func onlyA404MeansUnencrypted() async throws {
            try await withKeyServer { appservice, server in
                appservice.encryption.encryptor = FakeEncryptor()
                let intent = appservice.intent(for: bob.user)
                await server.setStatus("/state/m.room.encryption/", .notFound)
                try await intent.join(room.rawValue)
                _ = try? await intent.sendNotice(room, "public", txnID: "t1")
                let sends = await server.requests.filter { $0.path.contains("/send/") }.map(\.path)
                #expect(sends == ["/_matrix/client/v3/rooms/%21room/send/m.room.message/t1"])
            }
        }

        @Test func aRoomTheServerEncryptedByDefaultIsKnownEncryptedAfterCreating() async throws {
            try await withKeyServer { appservice, server in
                appservice.encryption.encryptor = FakeEncryptor()
                await server.setAnswer("/createRoom", #"{"room_id":"!created"}"#)
                await server.setAnswer("/state/m.room.encryption/", #"{"algorithm":"m.megolm.v1.aes-sha2"}"#)
                let created = try await appservice.intent(for: bob.user).createRoom(CreateRoomOptions(name: "plain, we thought"))
                #expect(try await appservice.state.isEncrypted(room: created))
            }
        }

        @Test func eventsForEncryptedRoomsGoOutEncryptedAsTheDevice() async throws {
            try await withKeyServer { appservice, server in
                let encryptor = FakeEncryptor()
                appservice.encryption.encryptor = encryptor
                try await appservice.state.setState(room: room, type: "m.room.encryption", stateKey: "",
                                                    content: ["algorithm": .string(CryptoAlgorithm.megolm)])
                try await appservice.state.setMembership(room: room, user: alice, .join, displayname: nil)
                _ = try? await appservice.intent(for: bob.user).sendNotice(room, "secret", txnID: "t1")
                _ = try? await appservice.intent(for: bob.user).sendNotice("!plain", "public", txnID: "t2")
                let sends = await server.requests.filter { $0.path.contains("/send/") }
                #expect(sends.map(\.path) == ["/_matrix/client/v3/rooms/%21room/send/m.room.encrypted/t1",
                                              "/_matrix/client/v3/rooms/%21plain/send/m.room.message/t2"])
                #expect(sends.first?.query.contains("device_id=TROUPE_BOB") == true)
                #expect(sends.first?.body?["ciphertext"] == "opaque")
                #expect(await encryptor.asked.map(\.members) == [[alice]])
            }
        }
    }
}

/// Serves Alice's device (of `peer`) from /keys/query and a one-time key of it from /keys/claim.
func serveAliceDevice(_ peer: Peer, on server: KeyServer) async throws {
    let deviceKeys = try JSONSigning.sign([
        "user_id": .string(alice.rawValue), "device_id": "ALICEDEVICE",
        "algorithms": [.string(CryptoAlgorithm.olm), .string(CryptoAlgorithm.megolm)],
        "keys": ["curve25519:ALICEDEVICE": .string(peer.account.identityKeys.curve25519.rawValue),
                 "ed25519:ALICEDEVICE": .string(peer.account.identityKeys.ed25519.rawValue)],
    ], entity: alice.rawValue, keyID: "ed25519:ALICEDEVICE", with: peer.account)
    try peer.account.generateOneTimeKeys(count: 1)
    let (keyID, oneTimeKey) = try #require(try peer.account.oneTimeKeys().first)
    let signedKey = try JSONSigning.sign(["key": .string(oneTimeKey.rawValue)], entity: alice.rawValue,
                                         keyID: "ed25519:ALICEDEVICE", with: peer.account)
    let query: JSONValue = ["device_keys": .object([alice.rawValue: ["ALICEDEVICE": deviceKeys]])]
    let claim: JSONValue = ["one_time_keys": .object([alice.rawValue: ["ALICEDEVICE": .object(["signed_curve25519:\(keyID)": signedKey])]])]
    await server.setAnswer("/keys/query", String(decoding: try query.jsonData(), as: UTF8.self))
    await server.setAnswer("/keys/claim", String(decoding: try claim.jsonData(), as: UTF8.self))
}

/// Bob's machine, set up, with Alice's device served from /keys/query and /keys/claim.
func bobWithAliceServed(_ appservice: AppService, _ server: KeyServer, store: SQLiteCryptoStore? = nil) async throws -> OlmMachine {
    let bobMachine = machine(appservice, try store ?? makeCryptoStore())
    try await bobMachine.setUp()
    let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
    try await serveAliceDevice(try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey), on: server)
    return bobMachine
}

extension CryptoTests {
    @Suite struct OutboundSessionTests {
        private static func count(_ server: KeyServer, _ suffix: String) async -> Int {
            await server.requests.filter { $0.path.contains(suffix) }.count
        }

        @Test func whoGotTheKeyAndDeviceListsSurviveARestart() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let first = try await bobWithAliceServed(appservice, server, store: store)
                let before = try await first.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "1"],
                                                              members: [alice, bob.user])
                #expect(await Self.count(server, "/sendToDevice/m.room.encrypted/") == 1)

                // A new machine on the same store, as after a restart: same session, no second share, no query.
                let restarted = machine(appservice, store)
                try await restarted.setUp()
                let after = try await restarted.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "2"],
                                                                 members: [alice, bob.user])
                #expect(after["session_id"] == before["session_id"])
                #expect(await Self.count(server, "/sendToDevice/m.room.encrypted/") == 1)
                #expect(await Self.count(server, "/keys/query") == 1)
            }
        }

        @Test func twoSendsIntoOneRoomAtOnceUseOneSessionWhoseKeyWasShared() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let machine = try await bobWithAliceServed(appservice, server, store: store)
                // Both sends wait at the device query together: without turns both would make a session.
                await server.setDelay("/keys/query", .milliseconds(300))
                async let first = machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "Queued"],
                                                           members: [alice, bob.user])
                async let second = machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "answer"],
                                                            members: [alice, bob.user])
                let (a, b) = try await (first, second)
                let session = try #require(a["session_id"]?.stringValue)
                #expect(b["session_id"]?.stringValue == session)
                #expect(await Self.count(server, "/sendToDevice/m.room.encrypted/") == 1)
                let shared = try await store.sharedDevices(bob, room: room, session: MegolmSessionID(session))
                #expect(shared.map(\.device) == ["ALICEDEVICE"])
                #expect(try await store.outboundGroupSession(bob, room: room)?.messageCount == 2)
                // Turns leave nothing behind once the sends are done.
                #expect(await machine.sendQueue.activeRooms == 0)
            }
        }

        @Test func theRoomsRotationPeriodIsHonoured() async throws {
            try await withKeyServer { appservice, server in
                let machine = try await bobWithAliceServed(appservice, server)
                let settings: JSONValue = ["algorithm": .string(CryptoAlgorithm.megolm), "rotation_period_msgs": 2]
                var sessions: [JSONValue?] = []
                for text in ["1", "2", "3"] {
                    let encrypted = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": .string(text)],
                                                                       members: [alice, bob.user], settings: settings)
                    sessions.append(encrypted["session_id"])
                }
                #expect(sessions[0] == sessions[1])
                #expect(sessions[2] != sessions[1])
                // The new session's key went out too.
                #expect(await Self.count(server, "/sendToDevice/m.room.encrypted/") == 2)
            }
        }

        @Test func aDeviceThatWentAwayRotatesTheSession() async throws {
            try await withKeyServer { appservice, server in
                let machine = try await bobWithAliceServed(appservice, server)
                let first = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "1"],
                                                               members: [alice, bob.user])
                // Alice logs that device out; the homeserver says her devices changed.
                await server.setAnswer("/keys/query", #"{"device_keys":{"@alice:localhost":{}}}"#)
                await machine.devicesChanged([alice])
                let second = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "2"],
                                                                members: [alice, bob.user])
                #expect(second["session_id"] != first["session_id"])
                #expect(await Self.count(server, "/keys/query") == 2)
            }
        }

        @Test func ourOwnMessagesDecryptWhenTheyComeBack() async throws {
            try await withKeyServer { appservice, server in
                let machine = try await bobWithAliceServed(appservice, server)
                let encrypted = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "mine"],
                                                                   members: [alice, bob.user])
                let echo = ClientEvent(type: "m.room.encrypted", eventID: "$mine", sender: bob.user, roomID: room, content: encrypted,
                                       originServerTS: 1_700_000_000_001)
                #expect(try await machine.decryptRoomEvent(echo).content["body"] == "mine")
            }
        }

        @Test func rotationSettingsAreClamped() {
            #expect(RotationPolicy(encryptionContent: nil) == RotationPolicy(messages: 100, seconds: 7 * 24 * 3600))
            #expect(RotationPolicy(encryptionContent: ["rotation_period_msgs": 0]).messages == 1)
            #expect(RotationPolicy(encryptionContent: ["rotation_period_msgs": 1_000_000]).messages == 10_000)
            #expect(RotationPolicy(encryptionContent: ["rotation_period_ms": 1000]).seconds == 3600)
            #expect(RotationPolicy(encryptionContent: ["rotation_period_ms": 86_400_000]).seconds == 86_400)
            #expect(RotationPolicy(encryptionContent: ["rotation_period_ms": .int(Int64(1) << 40)]).seconds == 7 * 24 * 3600)
            #expect(RotationPolicy(encryptionContent: ["rotation_period_msgs": "lots"]).messages == 100)
        }
    }
}

extension CryptoTests {
    @Suite struct ForwardedKeyTests {
        @Test func aKeyWeAskedForIsTakenFromTheSenderOnly() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                try await serveAliceDevice(peer, on: server)
                // Alice's other device forwards the session exported at index 0: the message below is at index 0.
                let exported = try OlmInboundGroupSession(sessionKey: try peer.group.sessionKey()).export(at: 0)
                let event = try peer.megolm("hello", id: "$1")
                let forwarded = try await machine.decryptToDevice(try peer.olm(type: "m.forwarded_room_key", content: [
                    "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
                    "session_id": .string(peer.group.sessionID.rawValue), "session_key": .string(exported),
                    "sender_key": .string(peer.account.identityKeys.curve25519.rawValue),
                    "sender_claimed_ed25519_key": .string(peer.account.identityKeys.ed25519.rawValue),
                    "forwarding_curve25519_key_chain": [],
                ]))

                // Not asked for: refused.
                await #expect(throws: CryptoError.unrequestedForwardedKey) { try await machine.handleForwardedRoomKey(forwarded) }
                try await machine.requestRoomKey(for: event)
                // Asked alice, but someone else forwards it: refused.
                var fromMallory = forwarded
                fromMallory.sender = "@mallory:localhost"
                await #expect(throws: CryptoError.unrequestedForwardedKey) { try await machine.handleForwardedRoomKey(fromMallory) }

                try await machine.handleForwardedRoomKey(forwarded)
                let decrypted = try await machine.decryptRoomEvent(event)
                #expect(decrypted.content["body"] == "hello")
            }
        }
    }
}

extension CryptoTests {
    @Suite struct TwoMachinesTests {
        /// Bob's and Carol's machines (two agents) in one process: Bob encrypts, Carol gets the key over olm and reads.
        @Test func twoMachinesExchangeRoomKeysAndMessages() async throws {
            try await withKeyServer { appservice, server in
                let carol = CryptoOwner(user: "@troupe_carol:localhost", device: "TROUPE_CAROL")
                let bobMachine = machine(appservice, try makeCryptoStore())
                let carolMachine = OlmMachine(owner: carol, intent: appservice.intent(for: carol.user), store: try makeCryptoStore(),
                                              pickleKey: pickleKey, logger: quietLogger)
                try await bobMachine.setUp()
                try await carolMachine.setUp()
                // The homeserver answers Bob's key query and claim with what Carol's machine uploaded.
                let upload = try #require(await server.uploads.first { $0["device_keys"]?["user_id"] == .string(carol.user.rawValue) })
                let deviceKeys = try #require(upload["device_keys"])
                let (keyID, oneTimeKey) = try #require(upload["one_time_keys"]?.objectValue?.first)
                await server.setAnswer("/keys/query", String(decoding: try JSONValue.object([
                    "device_keys": .object([carol.user.rawValue: .object([carol.device.rawValue: deviceKeys])]),
                ]).jsonData(), as: UTF8.self))
                await server.setAnswer("/keys/claim", String(decoding: try JSONValue.object([
                    "one_time_keys": .object([carol.user.rawValue: .object([carol.device.rawValue: .object([keyID: oneTimeKey])])]),
                ]).jsonData(), as: UTF8.self))

                var sent: [ClientEvent] = []
                for (index, text) in ["first", "second"].enumerated() {
                    let content = try await bobMachine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": .string(text)],
                                                                        members: [bob.user, carol.user])
                    sent.append(ClientEvent(type: "m.room.encrypted", eventID: EventID("$\(index)"), sender: bob.user, roomID: room,
                                            content: content, originServerTS: 1_700_000_000_000 + Int64(index)))
                }
                let share = try #require(await server.requests.last { $0.path.contains("/sendToDevice/m.room.encrypted/") })
                let wrapped = try #require(share.body?["messages"]?[carol.user.rawValue]?[carol.device.rawValue])
                let toDevice = ToDeviceEvent(type: "m.room.encrypted", sender: bob.user, toUserID: carol.user, toDeviceID: carol.device,
                                             content: wrapped)
                let roomKey = try await carolMachine.decryptToDevice(toDevice)
                #expect(roomKey.type == "m.room_key")
                try await carolMachine.handleRoomKey(roomKey)
                #expect(try await carolMachine.decryptRoomEvent(sent[0]).content["body"] == "first")
                #expect(try await carolMachine.decryptRoomEvent(sent[1]).content["body"] == "second")
            }
        }
    }
}
