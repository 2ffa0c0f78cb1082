import Foundation
@testable import MatrixAppService
@testable import MatrixCrypto
import Testing

private let carol = CryptoOwner(user: "@troupe_carol:localhost", device: "TROUPE_CAROL")

private func olmSession(_ id: String, sender: String, at time: Double, pickle: String = "p") -> StoredOlmSession {
    StoredOlmSession(sessionID: OlmSessionID(id), senderKey: Curve25519Key(sender), pickle: pickle,
                     lastUsedAt: Date(timeIntervalSince1970: time))
}

private func deviceKeys(_ user: UserID, _ device: String, curve: String = "curve", json: JSONValue? = nil) -> TrackedDeviceKeys {
    TrackedDeviceKeys(user: user, device: DeviceID(device), curve25519: Curve25519Key("\(curve)-\(device)"),
                      ed25519: Ed25519Key("ed-\(device)"),
                      json: json ?? ["device_id": .string(device), "keys": ["curve25519:\(device)": "k"], "name": "héllo 👋"])
}

private func use(_ event: String, _ timestamp: Int64 = 1) -> MessageIndexUse {
    MessageIndexUse(eventID: EventID(event), originServerTS: timestamp)
}

extension CryptoTests {
    /// What the crypto machines rely on from any `CryptoStore`, on SQLite and on PostgreSQL.
    @Suite struct CryptoStoreConformanceTests {
        // MARK: Accounts

        @Test(arguments: StoreDriver.allCases)
        func anAccountIsSavedUpdatedAndFoundByItsUser(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                #expect(try await store.account(bob) == nil)
                #expect(try await store.device(of: bob.user) == nil)
                try await store.saveAccount(StoredAccount(owner: bob, pickle: "first", published: false))
                try await store.saveAccount(StoredAccount(owner: bob, pickle: "second", published: true))
                #expect(try await store.account(bob) == StoredAccount(owner: bob, pickle: "second", published: true))
                #expect(try await store.device(of: bob.user) == bob.device)
                // One device per user: the newest account is the user's device.
                try await Task.sleep(for: .milliseconds(5))
                let newer = CryptoOwner(user: bob.user, device: "TROUPE_BOB_2")
                try await store.saveAccount(StoredAccount(owner: newer, pickle: "p", published: false))
                #expect(try await store.device(of: bob.user) == newer.device)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func deletingAnAccountForgetsThatDevicesRowsOnly(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                for owner in [bob, carol] {
                    try await store.saveAccount(StoredAccount(owner: owner, pickle: "p", published: true))
                    try await store.saveOlmSession(owner, olmSession("s", sender: "peer", at: 1))
                    try await store.saveInboundGroupSession(owner, StoredInboundGroupSession(
                        roomID: room, sessionID: "m", senderKey: "peer", pickle: "p", firstKnownIndex: 0))
                    try await store.saveOutboundGroupSession(owner, StoredOutboundGroupSession(
                        roomID: room, sessionID: "o", pickle: "p", createdAt: Date(), messageCount: 0))
                    try await store.saveWithheld(owner, WithheldNotice(roomID: room, sessionID: "w", senderKey: "peer", code: "m.unverified"))
                    _ = try await store.recordMessageIndex(owner, sessionID: MegolmSessionID("m-\(owner.device)"), senderKey: "peer",
                                                           index: 0, use: use("$e"))
                    _ = try await store.recordOlmHash(owner, "hash")
                    try await store.markShared(owner, room: room, session: "o",
                                               with: [SharedDevice(user: alice, device: "A", curve25519: "c")])
                }
                try await store.deleteAccount(bob)
                #expect(try await store.account(bob) == nil)
                #expect(try await store.olmSessions(bob, senderKey: "peer").isEmpty)
                #expect(try await store.inboundGroupSession(bob, room: room, sessionID: "m") == nil)
                #expect(try await store.outboundGroupSession(bob, room: room) == nil)
                #expect(try await store.withheld(bob, room: room, sessionID: "w") == nil)
                #expect(try await store.hasOlmHash(bob, "hash") == false)
                #expect(try await store.sharedDevices(bob, room: room, session: "o").isEmpty)
                #expect(try await store.rowCounts(bob).values.allSatisfy { $0 == 0 })
                #expect(try await store.account(carol) != nil)
                #expect(try await store.rowCounts(carol) == ["crypto_olm_session": 1, "crypto_olm_hash": 1, "crypto_withheld": 1,
                                                             "crypto_message_index": 1])
                #expect(try await store.sharedDevices(carol, room: room, session: "o").count == 1)
                #expect(try await store.outboundGroupSession(carol, room: room) != nil)
            }
        }

        // MARK: Sessions

        @Test(arguments: StoreDriver.allCases)
        func olmSessionsComeMostRecentlyUsedFirstAndAreUpdatedInPlace(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                try await store.saveOlmSession(bob, olmSession("old", sender: "peer", at: 100))
                try await store.saveOlmSession(bob, olmSession("new", sender: "peer", at: 200))
                try await store.saveOlmSession(bob, olmSession("other", sender: "someone else", at: 300))
                try await store.saveOlmSession(carol, olmSession("carol's", sender: "peer", at: 400))
                #expect(try await store.olmSessions(bob, senderKey: "peer").map(\.sessionID) == ["new", "old"])
                try await store.saveOlmSession(bob, olmSession("old", sender: "peer", at: 250.5, pickle: "ratcheted"))
                let sessions = try await store.olmSessions(bob, senderKey: "peer")
                #expect(sessions == [olmSession("old", sender: "peer", at: 250.5, pickle: "ratcheted"), olmSession("new", sender: "peer", at: 200)])
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func inboundGroupSessionsKeepWhoSharedThem(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                let old = StoredInboundGroupSession(roomID: room, sessionID: "m", senderKey: "peer", signingKey: nil, pickle: "p",
                                                    firstKnownIndex: 7)
                try await store.saveInboundGroupSession(bob, old)
                #expect(try await store.inboundGroupSession(bob, room: room, sessionID: "m") == old)
                #expect(try await store.inboundGroupSession(carol, room: room, sessionID: "m") == nil)
                #expect(try await store.inboundGroupSession(bob, room: "!elsewhere", sessionID: "m") == nil)
                let better = StoredInboundGroupSession(roomID: room, sessionID: "m", senderKey: "peer", signingKey: "ed", pickle: "p2",
                                                       firstKnownIndex: UInt32.max, senderUser: alice)
                try await store.saveInboundGroupSession(bob, better)
                #expect(try await store.inboundGroupSession(bob, room: room, sessionID: "m") == better)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func anOutboundGroupSessionIsOnePerRoom(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                #expect(try await store.outboundGroupSession(bob, room: room) == nil)
                let first = StoredOutboundGroupSession(roomID: room, sessionID: "one", pickle: "p", createdAt: Date(timeIntervalSince1970: 1000.25),
                                                       messageCount: 3)
                try await store.saveOutboundGroupSession(bob, first)
                #expect(try await store.outboundGroupSession(bob, room: room) == first)
                let second = StoredOutboundGroupSession(roomID: room, sessionID: "two", pickle: "q", createdAt: Date(timeIntervalSince1970: 2000),
                                                        messageCount: 0)
                try await store.saveOutboundGroupSession(bob, second)
                #expect(try await store.outboundGroupSession(bob, room: room) == second)
                #expect(try await store.sessionCounts().megolmOutbound == 1)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func withheldNoticesAreKeptPerSessionWithTheirSender(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                let notice = WithheldNotice(roomID: room, sessionID: "w", senderKey: "peer", code: "m.unverified", reason: nil)
                try await store.saveWithheld(bob, notice)
                #expect(try await store.withheld(bob, room: room, sessionID: "w") == notice)
                let again = WithheldNotice(roomID: room, sessionID: "w", senderKey: "peer", code: "m.blacklisted", reason: "no", sender: alice)
                try await store.saveWithheld(bob, again)
                #expect(try await store.withheld(bob, room: room, sessionID: "w") == again)
                #expect(try await store.withheld(carol, room: room, sessionID: "w") == nil)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func sessionsAreCountedOverAllDevices(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                #expect(try await store.sessionCounts() == CryptoSessionCounts(olm: 0, megolmInbound: 0, megolmOutbound: 0))
                for owner in [bob, carol] {
                    try await store.saveOlmSession(owner, olmSession("a", sender: "peer", at: 1))
                    try await store.saveOlmSession(owner, olmSession("b", sender: "peer", at: 2))
                    try await store.saveInboundGroupSession(owner, StoredInboundGroupSession(
                        roomID: room, sessionID: "m", senderKey: "peer", pickle: "p", firstKnownIndex: 0))
                }
                try await store.saveOutboundGroupSession(bob, StoredOutboundGroupSession(
                    roomID: room, sessionID: "o", pickle: "p", createdAt: Date(), messageCount: 0))
                #expect(try await store.sessionCounts() == CryptoSessionCounts(olm: 4, megolmInbound: 2, megolmOutbound: 1))
            }
        }

        // MARK: Replay protection

        @Test(arguments: StoreDriver.allCases)
        func theFirstUseOfAMessageIndexStandsForEveryDevice(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                let first = try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: 5, use: use("$a", 10))
                #expect(first == use("$a", 10))
                // The same event again (a re-delivery) gets itself back: not a replay.
                #expect(try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: 5, use: use("$a", 10)) == first)
                // Another event with the index, on this device, on another, or in another process: the first use.
                #expect(try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: 5, use: use("$b", 10)) == first)
                #expect(try await store.recordMessageIndex(carol, sessionID: "m", senderKey: "peer", index: 5, use: use("$a", 11)) == first)
                #expect(try await stores.otherProcess.recordMessageIndex(carol, sessionID: "m", senderKey: "peer", index: 5,
                                                                         use: use("$c", 10)) == first)
                // Another index, session or sender is another key.
                #expect(try await store.recordMessageIndex(carol, sessionID: "m", senderKey: "peer", index: 6, use: use("$b")) == use("$b"))
                #expect(try await store.recordMessageIndex(bob, sessionID: "n", senderKey: "peer", index: 5, use: use("$b")) == use("$b"))
                #expect(try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "other", index: 5, use: use("$b")) == use("$b"))
                #expect(try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: UInt32.max,
                                                           use: use("$z", Int64.max)) == use("$z", Int64.max))
                #expect(try await store.rowCounts(bob)["crypto_message_index"] == 4)
                #expect(try await store.rowCounts(carol)["crypto_message_index"] == 1)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func concurrentUsesOfOneMessageIndexAgreeOnOneFirstUse(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                // Many devices in two processes decrypt events claiming the same index at once: one event wins,
                // and every caller is told that one, so all the others are refused as replays.
                for round in 0..<5 {
                    let session = MegolmSessionID("race-\(round)")
                    let results = try await withThrowingTaskGroup(of: MessageIndexUse.self) { group in
                        for caller in 0..<12 {
                            let store = caller.isMultiple(of: 2) ? stores.store : stores.otherProcess
                            let owner = CryptoOwner(user: UserID("@troupe_\(caller % 4):localhost"), device: DeviceID("D\(caller % 4)"))
                            group.addTask {
                                try await store.recordMessageIndex(owner, sessionID: session, senderKey: "peer", index: 0,
                                                                   use: use("$event\(caller)", Int64(caller)))
                            }
                        }
                        return try await group.reduce(into: [MessageIndexUse]()) { $0.append($1) }
                    }
                    #expect(results.count == 12)
                    #expect(Set(results).count == 1, "round \(round): \(Set(results))")
                    var rows = 0
                    for device in 0..<4 {
                        let owner = CryptoOwner(user: UserID("@troupe_\(device):localhost"), device: DeviceID("D\(device)"))
                        rows += try await stores.store.rowCounts(owner)["crypto_message_index"] ?? 0
                    }
                    #expect(rows == round + 1)
                }
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func anOlmHashIsRecordedOncePerDeviceEvenByConcurrentCallers(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                #expect(try await stores.store.hasOlmHash(bob, "h") == false)
                let recorded = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for caller in 0..<10 {
                        let store = caller.isMultiple(of: 2) ? stores.store : stores.otherProcess
                        group.addTask { try await store.recordOlmHash(bob, "h") }
                    }
                    return try await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(recorded.filter { $0 }.count == 1)
                #expect(try await stores.store.hasOlmHash(bob, "h"))
                #expect(try await stores.store.hasOlmHash(carol, "h") == false)
                #expect(try await stores.store.recordOlmHash(carol, "h"))
                #expect(try await stores.store.recordOlmHash(bob, "h") == false)
            }
        }

        // MARK: Device lists

        @Test(arguments: StoreDriver.allCases)
        func aDeviceListIsReplacedWholeAndReadBackInByteOrder(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                let devices = [deviceKeys(alice, "b"), deviceKeys(alice, "B"), deviceKeys(alice, "a")]
                try await store.replaceDeviceList(of: alice, with: devices)
                // Byte order, as SQLite compares: upper case first.
                #expect(try await store.deviceKeys(of: alice) == [deviceKeys(alice, "B"), deviceKeys(alice, "a"), deviceKeys(alice, "b")])
                try await store.replaceDeviceList(of: alice, with: [deviceKeys(alice, "a", curve: "new")])
                #expect(try await store.deviceKeys(of: alice) == [deviceKeys(alice, "a", curve: "new")])
                try await store.replaceDeviceList(of: alice, with: [])
                #expect(try await store.deviceKeys(of: alice).isEmpty)
                #expect(try await store.freshDeviceLists(of: [alice]).keys.map(\.rawValue) == [alice.rawValue])
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func savedDeviceKeysReplaceThatDevicesOnly(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                try await store.replaceDeviceList(of: alice, with: [deviceKeys(alice, "A"), deviceKeys(alice, "B")])
                let json: JSONValue = ["nested": ["list": [1, 2.5, "three", nil, true]]]
                try await store.saveDeviceKeys(deviceKeys(alice, "B", curve: "rotated", json: json))
                try await store.saveDeviceKeys(deviceKeys(alice, "C"))
                #expect(try await store.deviceKeys(of: alice) == [deviceKeys(alice, "A"), deviceKeys(alice, "B", curve: "rotated", json: json),
                                                                  deviceKeys(alice, "C")])
                #expect(try await store.deviceKeys(of: "@nobody:localhost").isEmpty)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func aListIsFreshFromItsFetchUntilMarkedOutdated(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                #expect(try await store.freshDeviceLists(of: []).isEmpty)
                #expect(try await store.freshDeviceLists(of: [alice]).isEmpty)
                let before = Date()
                // More users than SQLite binds at once.
                let users = (0..<520).map { UserID("@user\($0):localhost") }
                for user in users { try await store.replaceDeviceList(of: user, with: []) }
                try await store.replaceDeviceList(of: alice, with: [deviceKeys(alice, "A")])
                let fresh = try await store.freshDeviceLists(of: users + [alice, "@unknown:localhost"])
                #expect(fresh.count == 521)
                #expect(fresh.values.allSatisfy { abs($0.timeIntervalSince(before)) < 60 })
                try await store.markDeviceListsOutdated([alice, users[0], "@unknown:localhost"])
                try await store.markDeviceListsOutdated([])
                let after = try await store.freshDeviceLists(of: [alice, users[0], users[1]])
                #expect(after.keys.map(\.rawValue) == [users[1].rawValue])
                // Fetching again makes it fresh; the devices stayed meanwhile.
                #expect(try await store.deviceKeys(of: alice).count == 1)
                try await stores.otherProcess.replaceDeviceList(of: alice, with: [deviceKeys(alice, "A")])
                #expect(try await store.freshDeviceLists(of: [alice]).keys.map(\.rawValue) == [alice.rawValue])
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func concurrentReplacementsOfOneListLeaveOneOfThem(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let lists = (0..<6).map { number in (0..<3).map { deviceKeys(alice, "D\($0)", curve: "list\(number)") } }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (number, list) in lists.enumerated() {
                        let store = number.isMultiple(of: 2) ? stores.store : stores.otherProcess
                        group.addTask { try await store.replaceDeviceList(of: alice, with: list) }
                    }
                    try await group.waitForAll()
                }
                #expect(lists.contains(try await stores.store.deviceKeys(of: alice)))
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func whoGotASessionsKeyIsForgottenWhenTheRoomsNextSessionIsShared(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                let one = SharedDevice(user: alice, device: "A", curve25519: "a1")
                let two = SharedDevice(user: "@dave:localhost", device: "D", curve25519: "d1")
                try await store.markShared(bob, room: room, session: "s1", with: [one])
                try await store.markShared(bob, room: room, session: "s1", with: [two, SharedDevice(user: alice, device: "A", curve25519: "a2")])
                try await store.markShared(bob, room: room, session: "s1", with: [])
                try await store.markShared(bob, room: "!other", session: "x", with: [one])
                try await store.markShared(carol, room: room, session: "s1", with: [one])
                let shared = try await store.sharedDevices(bob, room: room, session: "s1")
                #expect(Set(shared) == [two, SharedDevice(user: alice, device: "A", curve25519: "a2")])
                try await store.markShared(bob, room: room, session: "s2", with: [one])
                #expect(try await store.sharedDevices(bob, room: room, session: "s1").isEmpty)
                #expect(try await store.sharedDevices(bob, room: room, session: "s2") == [one])
                #expect(try await store.sharedDevices(bob, room: "!other", session: "x") == [one])
                #expect(try await store.sharedDevices(carol, room: room, session: "s1") == [one])
            }
        }

        // MARK: Cross-signing

        @Test(arguments: StoreDriver.allCases)
        func crossSigningIdentitiesRoundTrip(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                #expect(try await store.ownCrossSigning(bob.user) == nil)
                var own = StoredCrossSigningIdentity(user: bob.user, sealedSeeds: "sealed", master: "master", published: false,
                                                     signedDevice: nil, signedDeviceKey: nil)
                try await store.saveOwnCrossSigning(own)
                #expect(try await store.ownCrossSigning(bob.user) == own)
                own.published = true
                own.signedDevice = bob.device
                own.signedDeviceKey = "device-ed"
                try await store.saveOwnCrossSigning(own)
                #expect(try await store.ownCrossSigning(bob.user) == own)

                #expect(try await store.knownCrossSigning(alice) == nil)
                var known = KnownCrossSigningKeys(user: alice, pinnedMaster: "m1", currentMaster: "m1", selfSigning: nil)
                try await store.saveKnownCrossSigning(known)
                #expect(try await store.knownCrossSigning(alice) == known)
                known.currentMaster = "m2"
                known.selfSigning = "ss"
                try await stores.otherProcess.saveKnownCrossSigning(known)
                #expect(try await store.knownCrossSigning(alice) == known)
                #expect(try await store.knownCrossSigning(alice)?.masterChanged == true)
            }
        }

        // MARK: Pruning

        /// Limits small enough to exceed in a test.
        private static func tinyLimits() -> CryptoLimits {
            var limits = CryptoLimits()
            limits.olmSessionsPerSender = 2
            limits.olmSessions = 5
            limits.olmHashes = 3
            limits.withheldNotices = 4
            limits.messageIndexes = 3
            return limits
        }

        @Test(arguments: StoreDriver.allCases)
        func olmSessionsArePrunedToTheNewestPerSenderAndInAll(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                // Four other devices with three sessions each, as a flood of pre-key messages would leave.
                for sender in 0..<4 {
                    for number in 0..<3 {
                        try await store.saveOlmSession(bob, olmSession("s\(sender)-\(number)", sender: "sender\(sender)",
                                                                       at: Double(1000 * sender + number)))
                    }
                }
                try await store.saveOlmSession(carol, olmSession("carol", sender: "sender0", at: 0))
                let report = try await store.prune(bob, limits: Self.tinyLimits(), now: Date())
                #expect(report.olmSessions == 7)
                #expect(report.total == 7)
                #expect(try await store.rowCounts(bob)["crypto_olm_session"] == 5)
                // The newest per sender stay: sender 3 keeps its two newest, the oldest senders go first.
                #expect(try await store.olmSessions(bob, senderKey: "sender3").map(\.sessionID) == ["s3-2", "s3-1"])
                #expect(try await store.olmSessions(bob, senderKey: "sender1").map(\.sessionID) == ["s1-2"])
                #expect(try await store.olmSessions(bob, senderKey: "sender0").isEmpty)
                // Only the pruned device's rows go.
                #expect(try await store.olmSessions(carol, senderKey: "sender0").count == 1)
                #expect(try await store.prune(bob, limits: Self.tinyLimits(), now: Date()).total == 0)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func olmHashesArePrunedByCountAndAge(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                for number in 0..<6 { _ = try await store.recordOlmHash(bob, "h\(number)") }
                _ = try await store.recordOlmHash(carol, "h0")
                #expect(try await store.prune(bob, limits: Self.tinyLimits(), now: Date()).olmHashes == 3)
                #expect(try await store.rowCounts(bob)["crypto_olm_hash"] == 3)
                // The newest are kept.
                #expect(try await store.hasOlmHash(bob, "h5"))
                #expect(try await store.hasOlmHash(bob, "h0") == false)
                var expiring = Self.tinyLimits()
                expiring.olmHashAge = 0
                #expect(try await store.prune(bob, limits: expiring, now: Date().addingTimeInterval(1)).olmHashes == 3)
                #expect(try await store.rowCounts(bob)["crypto_olm_hash"] == 0)
                #expect(try await store.hasOlmHash(carol, "h0"))
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func withheldNoticesArePrunedToTheNewest(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                for number in 0..<10 {
                    try await store.saveWithheld(bob, WithheldNotice(roomID: room, sessionID: MegolmSessionID("session\(number)"),
                                                                     senderKey: "peer", code: "m.unverified"))
                }
                #expect(try await store.prune(bob, limits: Self.tinyLimits(), now: Date()).withheld == 6)
                #expect(try await store.rowCounts(bob)["crypto_withheld"] == 4)
                #expect(try await store.withheld(bob, room: room, sessionID: "session9") != nil)
                #expect(try await store.withheld(bob, room: room, sessionID: "session6") != nil)
                #expect(try await store.withheld(bob, room: room, sessionID: "session5") == nil)
                var expiring = Self.tinyLimits()
                expiring.withheldAge = 0
                #expect(try await store.prune(bob, limits: expiring, now: Date().addingTimeInterval(1)).withheld == 4)
            }
        }

        @Test(arguments: StoreDriver.allCases)
        func messageIndexesArePrunedByCountAndAge(_ driver: StoreDriver) async throws {
            try await driver.withStores { stores in
                let store = stores.store
                for number in 0..<8 {
                    _ = try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: UInt32(number),
                                                           use: use("$\(number)"))
                }
                _ = try await store.recordMessageIndex(carol, sessionID: "n", senderKey: "peer", index: 0, use: use("$c"))
                #expect(try await store.prune(bob, limits: Self.tinyLimits(), now: Date()).messageIndexes == 5)
                #expect(try await store.rowCounts(bob)["crypto_message_index"] == 3)
                // The newest stay recorded; a pruned index is free again.
                #expect(try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: 7, use: use("$x")) == use("$7"))
                #expect(try await store.recordMessageIndex(bob, sessionID: "m", senderKey: "peer", index: 0, use: use("$x")) == use("$x"))
                var expiring = Self.tinyLimits()
                expiring.messageIndexAge = 0
                #expect(try await store.prune(bob, limits: expiring, now: Date().addingTimeInterval(1)).messageIndexes == 4)
                #expect(try await store.rowCounts(bob)["crypto_message_index"] == 0)
                #expect(try await store.rowCounts(carol)["crypto_message_index"] == 1)
            }
        }
    }
}
