import Foundation
import Testing
@testable import MatrixAppService
@testable import MatrixCrypto

/// Limits small enough to exceed in a test, pruning after every stored use.
private func tinyLimits() -> CryptoLimits {
    var limits = CryptoLimits()
    limits.olmSessionsPerSender = 2
    limits.olmSessions = 5
    limits.olmHashes = 3
    limits.withheldNotices = 4
    limits.messageIndexes = 3
    limits.requestedKeys = 3
    limits.pruneEvery = 1
    return limits
}

private func counts(_ store: SQLiteCryptoStore, _ table: String) async throws -> Int {
    try await store.rowCounts(bob)[table] ?? -1
}

extension CryptoTests {
    /// Everything anyone can make an agent device store stays within `CryptoLimits`.
    @Suite struct CryptoLimitsTests {
        @Test func olmSessionsAreCappedPerSenderAndInAll() async throws {
            try await withKeyServer { appservice, _ in
                let store = try makeCryptoStore()
                let machine = machine(appservice, store, limits: tinyLimits())
                try await machine.setUp()
                // Four other devices with three sessions each, as a flood of pre-key messages would leave.
                for sender in 0..<4 {
                    for number in 0..<3 {
                        try await store.saveOlmSession(bob, StoredOlmSession(
                            sessionID: OlmSessionID("s\(sender)-\(number)"), senderKey: Curve25519Key("sender\(sender)"), pickle: "p",
                            lastUsedAt: Date(timeIntervalSince1970: Double(1000 * sender + number))))
                    }
                }
                #expect(try await counts(store, "crypto_olm_session") == 12)
                await machine.prune()
                #expect(try await counts(store, "crypto_olm_session") == 5)
                // The newest per sender stay: sender 3 keeps its two newest, the oldest senders go first.
                #expect(try await store.olmSessions(bob, senderKey: "sender3").map(\.sessionID) == ["s3-2", "s3-1"])
                #expect(try await store.olmSessions(bob, senderKey: "sender0").isEmpty)
            }
        }

        @Test func olmHashesAreCappedAndExpire() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let machine = machine(appservice, store, limits: tinyLimits())
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                for _ in 0..<6 { _ = try await machine.decryptToDevice(try peer.olm(type: "m.dummy", content: [:])) }
                #expect(try await counts(store, "crypto_olm_hash") == 3)
                // Older than the age limit: gone at the next prune.
                var expiring = tinyLimits()
                expiring.olmHashAge = 0
                #expect(try await store.prune(bob, limits: expiring, now: Date().addingTimeInterval(1)).olmHashes == 3)
                #expect(try await counts(store, "crypto_olm_hash") == 0)
            }
        }

        @Test func withheldNoticesAreCapped() async throws {
            try await withKeyServer { appservice, _ in
                let store = try makeCryptoStore()
                let machine = machine(appservice, store, limits: tinyLimits())
                try await machine.setUp()
                for number in 0..<10 {
                    try await machine.handleWithheld(ToDeviceEvent(
                        type: "m.room_key.withheld", sender: alice, toUserID: bob.user, toDeviceID: bob.device,
                        content: ["room_id": .string(room.rawValue), "session_id": .string("session\(number)"), "code": "m.unverified"]))
                }
                #expect(try await counts(store, "crypto_withheld") == 4)
                // The newest are kept.
                #expect(try await store.withheld(bob, room: room, sessionID: "session9") != nil)
                #expect(try await store.withheld(bob, room: room, sessionID: "session0") == nil)
            }
        }

        @Test func messageIndexesAreCappedAndExpire() async throws {
            try await withKeyServer { appservice, server in
                let store = try makeCryptoStore()
                let machine = machine(appservice, store, limits: tinyLimits())
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                let peer = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey)
                try await machine.handleRoomKey(try await machine.decryptToDevice(try peer.roomKey()))
                for number in 0..<8 { _ = try await machine.decryptRoomEvent(try peer.megolm("\(number)", id: "$\(number)")) }
                #expect(try await counts(store, "crypto_message_index") == 3)
                var expiring = tinyLimits()
                expiring.messageIndexAge = 0
                _ = try await store.prune(bob, limits: expiring, now: Date().addingTimeInterval(1))
                #expect(try await counts(store, "crypto_message_index") == 0)
            }
        }

        @Test func requestedKeysAreCappedToTheNewest() async throws {
            try await withKeyServer { appservice, server in
                let machine = machine(appservice, try makeCryptoStore(), limits: tinyLimits())
                try await machine.setUp()
                let (keys, oneTimeKey) = try published(try #require(await server.uploads.first))
                var events: [ClientEvent] = []
                for number in 0..<10 {
                    let event = try Peer(bobKeys: keys, bobOneTimeKey: oneTimeKey).megolm("\(number)", id: "$\(number)")
                    events.append(event)
                    try await machine.requestRoomKey(for: event)
                }
                #expect(await machine.requestedKeys.count == 3)
                let newest = try #require(events.last?.content["session_id"]?.stringValue)
                #expect(await machine.requestedKeys.askedOf(OlmMachine.cacheKey(room, MegolmSessionID(newest))) == alice)
                let oldest = try #require(events.first?.content["session_id"]?.stringValue)
                #expect(await machine.requestedKeys.askedOf(OlmMachine.cacheKey(room, MegolmSessionID(oldest))) == nil)
            }
        }

        @Test func atMostMaxKeyWaitsEventsWaitForTheirKeys() async throws {
            let handler = CryptoHandler(logger: quietLogger, maxKeyWaits: 2)
            func event(_ number: Int) -> ClientEvent {
                ClientEvent(type: "m.room.encrypted", eventID: EventID("$\(number)"), sender: alice, roomID: room, content: [
                    "algorithm": .string(CryptoAlgorithm.megolm), "ciphertext": "x", "session_id": .string("never-arrives-\(number)"),
                ], originServerTS: 1)
            }
            let waiting = (0..<2).map { number in Task { await handler.decryptWaitingForKey(event(number), wait: .seconds(1)) } }
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(10))
            while await handler.keyWaits < 2, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(await handler.keyWaits == 2)
            // A third one fails at once instead of adding a task.
            guard case .undecryptable(.tooManyWaiting(let limit)) = await handler.decryptWaitingForKey(event(2), wait: .seconds(3)) else {
                Issue.record("the third wait must be refused")
                return
            }
            #expect(limit == 2)
            for task in waiting { _ = await task.value }
            #expect(await handler.keyWaits == 0)
        }
    }
}
