import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

/// A second agent device, Carol, on the same store as Bob (as in production: one store for all agents).
private let carol = CryptoOwner(user: "@troupe_carol:localhost", device: "TROUPE_CAROL")
private let mallory: UserID = "@mallory:localhost"

extension CryptoTests {
    /// Replays are refused once for all our devices, not once per device.
    @Suite struct ReplayTests {
        @Test(arguments: StoreDriver.allCases)
        func aReplayRefusedByOneDeviceIsNotDecryptedByAnother(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in try await withKeyServer { appservice, _ in
                let store = stores.store
                let bobMachine = machine(appservice, store)
                let carolMachine = machine(appservice, store, owner: carol)
                try await bobMachine.setUp()
                try await carolMachine.setUp()
                // Alice's megolm session, held by both agents' devices.
                let alices = try OlmAccount()
                let group = try OlmOutboundGroupSession()
                for holder in [bobMachine, carolMachine] {
                    let inbound = try OlmInboundGroupSession(sessionKey: try group.sessionKey())
                    try await holder.keep(inbound, StoredInboundGroupSession(
                        roomID: room, sessionID: group.sessionID, senderKey: alices.identityKeys.curve25519,
                        signingKey: alices.identityKeys.ed25519, pickle: try inbound.pickle(key: pickleKey), firstKnownIndex: 0,
                        senderUser: alice))
                }
                let plaintext: JSONValue = ["type": "m.room.message", "room_id": .string(room.rawValue), "content": ["body": "once"]]
                let original = ClientEvent(type: "m.room.encrypted", eventID: "$1", sender: alice, roomID: room, content: [
                    "algorithm": .string(CryptoAlgorithm.megolm), "ciphertext": .string(try group.encrypt(try plaintext.jsonData())),
                    "session_id": .string(group.sessionID.rawValue), "sender_key": .string(alices.identityKeys.curve25519.rawValue),
                ], originServerTS: 1_700_000_000_000)
                let handler = CryptoHandler(logger: quietLogger)
                await handler.add(bobMachine)
                await handler.add(carolMachine)
                guard case .decrypted = await handler.decrypt(original) else { Issue.record("the original must decrypt"); return }

                var replay = original
                replay.eventID = "$replayed"
                guard case .undecryptable(.replayed(let first)) = await handler.decrypt(replay) else {
                    Issue.record("a replay must fail on every device")
                    return
                }
                #expect(first == "$1")
                // Each device on its own refuses it too, whichever saw the original.
                await #expect(throws: CryptoError.replayed(index: 0, firstEvent: "$1")) { try await carolMachine.decryptRoomEvent(replay) }
                await #expect(throws: CryptoError.replayed(index: 0, firstEvent: "$1")) { try await bobMachine.decryptRoomEvent(replay) }
                // The original itself still decrypts on both (a redelivery is no replay).
                #expect(try await carolMachine.decryptRoomEvent(original).content["body"] == "once")
            } }
        }
    }

    /// An inbound session belongs to the user who shared it.
    @Suite struct SessionBindingTests {
        @Test func aSessionDecryptsOnlyTheEventsOfWhoSharedIt() async throws {
            try await withKeyServer { appservice, server in
                let bobMachine = machine(appservice, try makeCryptoStore())
                try await bobMachine.setUp()
                let upload = try #require(await server.uploads.first)
                let (keys, oneTimeKey) = try published(upload)
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                try await bobMachine.handleRoomKey(try await bobMachine.decryptToDevice(try peer.roomKey()))
                #expect(try await bobMachine.decryptRoomEvent(try peer.megolm("mine", id: "$1")).content["body"] == "mine")

                // The same session used for an event that claims another sender (a forged event).
                var forged = try peer.megolm("not mine", id: "$2")
                forged.sender = mallory
                await #expect(throws: CryptoError.senderMismatch(sender: mallory, sharedBy: alice)) {
                    try await bobMachine.decryptRoomEvent(forged)
                }
            }
        }

        @Test func aHeldSessionCannotBeReSharedByAnotherUser() async throws {
            try await withKeyServer { appservice, server in
                let bobMachine = machine(appservice, try makeCryptoStore())
                try await bobMachine.setUp()
                let upload = try #require(await server.uploads.first)
                let (keys, firstKey) = try published(upload)
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: firstKey)
                try await bobMachine.handleRoomKey(try await bobMachine.decryptToDevice(try peer.roomKey()))

                // Mallory got Alice's session key as a room member and passes it on as her own.
                let thief = try Peer(bobKeys: keys, bobOneTimeKey: try oneTimeKey(upload, number: 0))
                thief.user = mallory
                let stolen = try thief.olm(type: "m.room_key", content: [
                    "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
                    "session_id": .string(peer.group.sessionID.rawValue), "session_key": .string(try peer.group.sessionKey()),
                ])
                let decrypted = try await bobMachine.decryptToDevice(stolen)
                await #expect(throws: CryptoError.roomKeyFromOtherSender(peer.group.sessionID)) {
                    try await bobMachine.handleRoomKey(decrypted)
                }
                // Alice's events still decrypt as hers.
                #expect(try await bobMachine.decryptRoomEvent(try peer.megolm("still hers", id: "$1")).content["body"] == "still hers")
            }
        }

        @Test func aWithheldNoticeExplainsOnlyItsSendersEvents() async throws {
            try await withKeyServer { appservice, server in
                let bobMachine = machine(appservice, try makeCryptoStore())
                try await bobMachine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                func withheld(from sender: UserID) -> ToDeviceEvent {
                    ToDeviceEvent(type: "m.room_key.withheld", sender: sender, toUserID: bob.user, toDeviceID: bob.device, content: [
                        "algorithm": .string(CryptoAlgorithm.megolm), "room_id": .string(room.rawValue),
                        "session_id": .string(peer.group.sessionID.rawValue), "code": "m.unverified",
                        "sender_key": .string(peer.account.identityKeys.curve25519.rawValue),
                    ])
                }
                let event = try peer.megolm("hi", id: "$1")
                try await bobMachine.handleWithheld(withheld(from: mallory))
                await #expect(throws: CryptoError.missingRoomKey(peer.group.sessionID)) { try await bobMachine.decryptRoomEvent(event) }
                try await bobMachine.handleWithheld(withheld(from: alice))
                await #expect(throws: CryptoError.withheld(code: "m.unverified", reason: nil)) {
                    try await bobMachine.decryptRoomEvent(event)
                }
            }
        }
    }
}
