import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

/// A homeserver stand-in for cross-signing: records every request; `/keys/query` and `/keys/claim` answer
/// what the test set.
private actor SigningServer {
    struct Seen: Sendable {
        var method: String
        var path: String
        var body: JSONValue?
    }
    private(set) var requests: [Seen] = []
    var query: JSONValue = [:]
    var claim: JSONValue = [:]

    func setQuery(_ answer: JSONValue) { query = answer }
    func setClaim(_ answer: JSONValue) { claim = answer }

    func answer(method: String, path: String, body: String) -> String {
        let json = body.isEmpty ? nil : try? JSONValue.decode(Data(body.utf8))
        requests.append(Seen(method: method, path: path, body: json))
        if path.hasSuffix("/keys/upload") {
            return #"{"one_time_key_counts":{"signed_curve25519":50}}"#
        }
        if path.hasSuffix("/keys/query") { return (try? String(decoding: query.jsonData(), as: UTF8.self)) ?? "{}" }
        if path.hasSuffix("/keys/claim") { return (try? String(decoding: claim.jsonData(), as: UTF8.self)) ?? "{}" }
        return "{}"
    }

    func bodies(_ part: String) -> [JSONValue] { requests.filter { $0.path.contains(part) }.compactMap(\.body) }
    func count(containing part: String) -> Int { requests.filter { $0.path.contains(part) }.count }
}

private func withSigningServer(_ body: @escaping @Sendable (AppService, SigningServer) async throws -> Void) async throws {
    let server = SigningServer()
    try await withStandInHomeserver(answer: { request, text in
        (.ok, await server.answer(method: request.method.rawValue, path: request.uri.path, body: text))
    }) { appservice in
        try await body(appservice, server)
    }
}

private let agent = CryptoOwner(user: "@troupe_bob:localhost", device: "TROUPE_BOB")

private func machine(_ appservice: AppService, _ store: SQLiteCryptoStore, levels: VerificationLevels = .default) async -> OlmMachine {
    let machine = OlmMachine(owner: agent, intent: appservice.intent(for: agent.user), store: store, pickleKey: pickleKey,
                             logger: quietLogger)
    await machine.setVerificationLevels(levels)
    return machine
}

/// Alice as a client: an olm account per device and a cross-signing identity.
private struct Alice {
    var identity: OwnCrossSigningKeys
    let devices: [String: OlmAccount]

    init(devices: [String]) throws {
        identity = try OwnCrossSigningKeys.generate()
        self.devices = Dictionary(uniqueKeysWithValues: try devices.map { ($0, try OlmAccount()) })
    }

    func deviceKeys(_ device: String, signed: Bool) throws -> JSONValue {
        let account = try #require(devices[device])
        let keys: JSONValue = [
            "user_id": .string(alice.rawValue), "device_id": .string(device),
            "algorithms": [.string(CryptoAlgorithm.olm), .string(CryptoAlgorithm.megolm)],
            "keys": .object(["curve25519:\(device)": .string(account.identityKeys.curve25519.rawValue),
                             "ed25519:\(device)": .string(account.identityKeys.ed25519.rawValue)]),
        ]
        let selfSigned = try JSONSigning.sign(keys, entity: alice.rawValue, keyID: "ed25519:\(device)", with: account)
        return signed ? try identity.signDevice(selfSigned, of: alice) : selfSigned
    }

    /// The `/keys/query` answer for alice: her devices (those in `signed` cross-signed) and her identity.
    func query(signed: Set<String>) throws -> JSONValue {
        let upload = try identity.uploadBody(for: alice)
        var devicesJSON: [String: JSONValue] = [:]
        for name in devices.keys { devicesJSON[name] = try deviceKeys(name, signed: signed.contains(name)) }
        return ["device_keys": [alice.rawValue: .object(devicesJSON)],
                "master_keys": [alice.rawValue: try #require(upload["master_key"])],
                "self_signing_keys": [alice.rawValue: try #require(upload["self_signing_key"])]]
    }

    func tracked(_ device: String, signed: Bool) throws -> TrackedDeviceKeys {
        let account = try #require(devices[device])
        return TrackedDeviceKeys(user: alice, device: DeviceID(device), curve25519: account.identityKeys.curve25519,
                                 ed25519: account.identityKeys.ed25519, json: try deviceKeys(device, signed: signed))
    }
}

extension CryptoTests {
    @Suite struct CrossSigningMachineTests {
        @Test func anAgentPublishesItsIdentityOnceAndSignsItsDevice() async throws {
            try await withSigningServer { appservice, server in
                let store = try makeCryptoStore()
                let first = await machine(appservice, store)
                try await first.setUp()
                try await first.setUpCrossSigning()
                #expect(await first.isCrossSigned)

                let upload = try #require(await server.bodies("/keys/device_signing/upload").first)
                let master = try #require(CrossSigningChain.key(of: upload["master_key"], user: agent.user, usage: "master"))
                let selfSigning = try #require(CrossSigningChain.selfSigningKey(upload["self_signing_key"], master: master, user: agent.user))
                let signatures = try #require(await server.bodies("/keys/signatures/upload").first)
                let device = try #require(signatures[agent.user.rawValue]?[agent.device.rawValue])
                #expect(CrossSigningChain.isDeviceSigned(device, selfSigning: selfSigning, user: agent.user))
                let identity = try #require(await first.identityKeys)
                try JSONSigning.verify(device, entity: agent.user.rawValue, keyID: "ed25519:\(agent.device)", key: identity.ed25519)

                // A restart (same store, the homeserver lists our master key) makes and uploads nothing new.
                await server.setQuery(["master_keys": [agent.user.rawValue: try #require(upload["master_key"])]])
                let second = await machine(appservice, store)
                try await second.setUp()
                try await second.setUpCrossSigning()
                #expect(await server.count(containing: "/keys/device_signing/upload") == 1)
                #expect(await server.count(containing: "/keys/signatures/upload") == 1)
                #expect(try await store.ownCrossSigning(agent.user)?.master == master)
            }
        }

        @Test func aLostStoreReplacesThePublishedIdentity() async throws {
            try await withSigningServer { appservice, server in
                let old = try OwnCrossSigningKeys.generate()
                await server.setQuery(["master_keys": [agent.user.rawValue: try #require(try old.uploadBody(for: agent.user)["master_key"])]])
                let fresh = await machine(appservice, try makeCryptoStore())
                try await fresh.setUp()
                try await fresh.setUpCrossSigning()
                let upload = try #require(await server.bodies("/keys/device_signing/upload").first)
                let master = try #require(CrossSigningChain.key(of: upload["master_key"], user: agent.user, usage: "master"))
                #expect(master != old.master)
                #expect(await fresh.isCrossSigned)
            }
        }

        @Test func aDeviceIsTrustedByItsChainAndItsOwnersPinnedMasterKey() async throws {
            try await withSigningServer { appservice, _ in
                let store = try makeCryptoStore()
                let machine = await machine(appservice, store)
                var alice = try Alice(devices: ["SIGNED", "UNSIGNED"])
                try await machine.recordCrossSigningKeys(from: try alice.query(signed: ["SIGNED"]), of: [alice_])
                #expect(try await machine.trustLevel(of: try alice.tracked("SIGNED", signed: true)) == .crossSignedTOFU)
                #expect(try await machine.trustLevel(of: try alice.tracked("UNSIGNED", signed: false)) == .unverified)

                // Alice resets her identity and signs her device again: chain fine, master key not the pinned one.
                alice.identity = try OwnCrossSigningKeys.generate()
                try await machine.recordCrossSigningKeys(from: try alice.query(signed: ["SIGNED"]), of: [alice_])
                #expect(try await machine.trustLevel(of: try alice.tracked("SIGNED", signed: true)) == .crossSignedUntrusted)
                let verdictLevels = await machine.verificationLevels
                #expect(!TrustLevel.crossSignedUntrusted.passes(verdictLevels.receive))

                // An admin accepts the new identity.
                #expect(try await machine.trustCurrentMasterKey(of: alice_))
                #expect(try await machine.trustLevel(of: try alice.tracked("SIGNED", signed: true)) == .crossSignedTOFU)
            }
        }

        @Test func devicesBelowReceiveGetAWithheldNoticeInsteadOfTheKey() async throws {
            try await withSigningServer { appservice, server in
                let machine = await machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                let alice = try Alice(devices: ["UNSIGNED"])
                await server.setQuery(try alice.query(signed: []))
                _ = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "hi"], members: [alice_])
                #expect(await server.count(containing: "/keys/claim") == 0, "no olm session for a device that gets no key")
                #expect(await server.count(containing: "/sendToDevice/m.room.encrypted/") == 0)
                let withheld = try #require(await server.bodies("/sendToDevice/m.room_key.withheld/").first)
                let notice = try #require(withheld["messages"]?[alice_.rawValue]?["UNSIGNED"])
                #expect(notice["code"] == "m.unverified")
                #expect(notice["room_id"]?.stringValue == room.rawValue)

                // A second message in the same session does not repeat the notice.
                _ = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "again"], members: [alice_])
                #expect(await server.count(containing: "/sendToDevice/m.room_key.withheld/") == 1)
                // A new session (the room rotates after every message now) is withheld again.
                _ = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "rotated"], members: [alice_],
                                                       settings: ["algorithm": .string(CryptoAlgorithm.megolm), "rotation_period_msgs": 1])
                #expect(await server.count(containing: "/sendToDevice/m.room_key.withheld/") == 2)
            }
        }

        @Test func theSendLevelJudgesTheDeviceThatSharedTheSession() async throws {
            try await withSigningServer { appservice, server in
                let store = try makeCryptoStore()
                let machine = await machine(appservice, store)
                try await machine.setUp()
                let alice = try Alice(devices: ["SIGNED", "UNSIGNED"])
                await server.setQuery(try alice.query(signed: ["SIGNED"]))
                func event(from device: String, session: String) async throws -> ClientEvent {
                    let account = try #require(alice.devices[device])
                    try await store.saveInboundGroupSession(agent, StoredInboundGroupSession(
                        roomID: room, sessionID: MegolmSessionID(session), senderKey: account.identityKeys.curve25519,
                        signingKey: account.identityKeys.ed25519, pickle: "unused", firstKnownIndex: 0))
                    return ClientEvent(type: "m.room.encrypted", eventID: EventID("$" + session), sender: alice_, roomID: room,
                                       content: ["algorithm": .string(CryptoAlgorithm.megolm), "session_id": .string(session)],
                                       originServerTS: 1)
                }
                #expect(try await machine.senderVerdict(for: try await event(from: "SIGNED", session: "s1")) == .accepted)
                #expect(try await machine.senderVerdict(for: try await event(from: "UNSIGNED", session: "s2"))
                    == .rejected(device: "UNSIGNED", trust: .unverified, masterKeyChanged: false))
                // An event whose session this device does not hold is not let through.
                let unknown = ClientEvent(type: "m.room.encrypted", eventID: "$unknown", sender: alice_, roomID: room,
                                          content: ["algorithm": .string(CryptoAlgorithm.megolm), "session_id": "nope"], originServerTS: 1)
                #expect(try await machine.senderVerdict(for: unknown) == .rejected(device: nil, trust: .unverified, masterKeyChanged: false))
                // With send lowered to unverified, every device counts.
                await machine.setVerificationLevels(VerificationLevels(receive: .crossSignedTOFU, send: .unverified, share: .crossSignedTOFU))
                #expect(try await machine.senderVerdict(for: try await event(from: "UNSIGNED", session: "s3")) == .accepted)
            }
        }

        @Test func theDecryptStageHandsOverOnlyWhatADeviceAtTheSendLevelSent() async throws {
            try await withSigningServer { appservice, server in
                let store = try makeCryptoStore()
                let machine = await machine(appservice, store)
                try await machine.setUp()
                let handler = CryptoHandler(logger: quietLogger)
                await handler.add(machine)
                let alice = try Alice(devices: ["SIGNED", "UNSIGNED"])
                await server.setQuery(try alice.query(signed: ["SIGNED"]))
                // Each of alice's devices shares a real megolm session with the agent and sends one message with it.
                func message(from device: String, _ body: String) async throws -> ClientEvent {
                    let account = try #require(alice.devices[device])
                    let outbound = try OlmOutboundGroupSession()
                    let inbound = try OlmInboundGroupSession(sessionKey: try outbound.sessionKey())
                    try await machine.keep(inbound, StoredInboundGroupSession(
                        roomID: room, sessionID: outbound.sessionID, senderKey: account.identityKeys.curve25519,
                        signingKey: account.identityKeys.ed25519, pickle: try inbound.pickle(key: pickleKey), firstKnownIndex: 0,
                        senderUser: alice_))
                    let plaintext: JSONValue = ["type": "m.room.message", "room_id": .string(room.rawValue), "content": ["body": .string(body)]]
                    return ClientEvent(type: "m.room.encrypted", eventID: EventID("$" + device), sender: alice_, roomID: room, content: [
                        "algorithm": .string(CryptoAlgorithm.megolm), "ciphertext": .string(try outbound.encrypt(try plaintext.jsonData())),
                        "session_id": .string(outbound.sessionID.rawValue), "device_id": .string(device),
                    ], originServerTS: 1)
                }
                guard case .decrypted(let decrypted) = await handler.decryptRoomEvent(try await message(from: "SIGNED", "hello")) else {
                    Issue.record("the signed device's message must be handed over")
                    return
                }
                #expect(decrypted.event.type == "m.room.message")
                #expect(decrypted.event.content["body"] == "hello")
                #expect(decrypted.senderDevice == "SIGNED")
                #expect(decrypted.passedLevel == .crossSignedTOFU)
                guard case .undecryptable(let reason) = await handler.decryptRoomEvent(try await message(from: "UNSIGNED", "psst")) else {
                    Issue.record("the unsigned device's message must not be handed over")
                    return
                }
                #expect(reason == .senderDeviceBelowLevel(device: "UNSIGNED", trust: .unverified, required: .crossSignedTOFU,
                                                          masterKeyChanged: false))
            }
        }

        @Test func aKeyRequestFromAMembersSignedDeviceGetsTheSessionFromItsFirstIndex() async throws {
            try await withSigningServer { appservice, server in
                let machine = await machine(appservice, try makeCryptoStore())
                try await machine.setUp()
                // The agent's session for the room (no other member yet), used for two messages.
                let first = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "one"], members: [])
                _ = try await machine.encryptRoomEvent(room: room, type: "m.room.message", content: ["body": "two"], members: [])
                let sessionID = try #require(first["session_id"]?.stringValue)

                let alice = try Alice(devices: ["SIGNED", "UNSIGNED"])
                await server.setQuery(try alice.query(signed: ["SIGNED"]))
                let signedAccount = try #require(alice.devices["SIGNED"])
                try signedAccount.generateOneTimeKeys(count: 1)
                let (keyID, oneTimeKey) = try #require(try signedAccount.oneTimeKeys().first)
                let signedKey = try JSONSigning.sign(["key": .string(oneTimeKey.rawValue)], entity: alice_.rawValue,
                                                     keyID: "ed25519:SIGNED", with: signedAccount)
                await server.setClaim(["one_time_keys": [alice_.rawValue: ["SIGNED": .object(["signed_curve25519:\(keyID)": signedKey])]]])
                func request(from device: String) -> ToDeviceEvent {
                    ToDeviceEvent(type: "m.room_key_request", sender: alice_, toUserID: agent.user, toDeviceID: agent.device, content: [
                        "action": "request", "requesting_device_id": .string(device), "request_id": "r1",
                        "body": ["algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
                                 "session_id": .string(sessionID)],
                    ])
                }

                // Not a member yet: nothing is forwarded.
                #expect(try await machine.handleKeyRequest(request(from: "SIGNED")) == .ignored("not a member of the room"))
                try await appservice.state.setMembership(room: room, user: alice_, .join, displayname: nil)
                // A member's device below `share` gets nothing either.
                guard case .ignored = try await machine.handleKeyRequest(request(from: "UNSIGNED")) else {
                    Issue.record("an unsigned device got the key")
                    return
                }
                #expect(try await machine.handleKeyRequest(request(from: "SIGNED")) == .forwarded)

                // What alice's signed device receives decrypts to the session, readable from index 0.
                let sent = try #require(await server.bodies("/sendToDevice/m.room.encrypted/").last)
                let wrapped = try #require(sent["messages"]?[alice_.rawValue]?["SIGNED"])
                let ours = try #require(await machine.identityKeys)
                let cipher = try #require(wrapped["ciphertext"]?[signedAccount.identityKeys.curve25519.rawValue])
                let body = try #require(cipher["body"]?.stringValue)
                let session = try signedAccount.inboundSession(preKeyMessage: body, from: ours.curve25519)
                let plaintext = try session.decrypt(OlmMessage(type: .preKey, body: body))
                let payload = try JSONValue.decode(plaintext)
                #expect(payload["type"] == "m.forwarded_room_key")
                #expect(payload["content"]?["sender_key"]?.stringValue == ours.curve25519.rawValue)
                let exported = try #require(payload["content"]?["session_key"]?.stringValue)
                let imported = try OlmInboundGroupSession(importing: exported)
                #expect(imported.sessionID.rawValue == sessionID)
                #expect(imported.firstKnownIndex == 0)
            }
        }
    }
}

private let alice_ = alice
