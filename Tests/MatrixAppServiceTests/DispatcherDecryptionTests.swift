import Foundation
import GRDB
import Testing
@testable import MatrixAppService

/// A decryptor without olm: to-device `test.room_key` events give it session ids, and an "encrypted" event's
/// `ciphertext` is its plaintext body. It is a handler too, as MatrixCrypto's `CryptoHandler` is, so it only
/// knows a key once the dispatcher handed it that transaction's to-device section.
private actor StandInDecryptor: TransactionHandler, RoomEventDecryptor {
    private var keys: Set<String> = []
    /// Sessions whose sender withheld the key.
    private let withheld: Set<String>
    private let keyWait: Duration

    init(withheld: Set<String> = [], keyWait: Duration = .seconds(30)) {
        self.withheld = withheld
        self.keyWait = keyWait
    }

    func handleToDevice(_ events: [ToDeviceEvent]) async {
        for event in events where event.type == "test.room_key" {
            if let session = event.content["session_id"]?.stringValue { keys.insert(session) }
        }
    }

    func decryptRoomEvent(_ event: ClientEvent) async -> RoomEventDecryption {
        if event.sender == ours { return .ignored("sent by one of our users") }
        let session = event.content["session_id"]?.stringValue ?? ""
        if withheld.contains(session) { return .undecryptable(.withheld(code: "m.unverified", reason: nil)) }
        guard keys.contains(session) else { return .waitingForKey }
        var plaintext = event
        plaintext.type = "m.room.message"
        plaintext.content = ["msgtype": "m.text", "body": event.content["ciphertext"] ?? ""]
        return .decrypted(DecryptedEvent(event: plaintext, encrypted: event, senderDevice: "ALICEDEVICE", passedLevel: .crossSignedTOFU))
    }

    func decryptRoomEventWaitingForKey(_ event: ClientEvent) async -> RoomEventDecryption {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: keyWait)
        while clock.now < deadline {
            let result = await decryptRoomEvent(event)
            guard case .waitingForKey = result else { return result }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return .undecryptable(.keyNeverArrived)
    }
}

private let ours: UserID = "@troupe:localhost"

private func encryptedEvent(_ id: String, session: String, body: String = "secret", sender: String = "@alice:localhost") -> JSONValue {
    [
        "type": "m.room.encrypted", "event_id": .string(id), "room_id": "!room", "sender": .string(sender), "origin_server_ts": 1,
        "content": ["algorithm": "m.megolm.v1.aes-sha2", "session_id": .string(session), "ciphertext": .string(body), "device_id": "ALICEDEVICE"],
    ]
}

private func roomKey(_ session: String) -> JSONValue {
    ["type": "test.room_key", "sender": "@alice:localhost", "to_user_id": "@troupe:localhost", "to_device_id": "TROUPE",
     "content": ["session_id": .string(session)]]
}

/// Waits (bounded) until the handler's log has `count` entries.
private func waitForLog(_ handler: RecordingHandler, count: Int) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(30))
    while await handler.log.count < count, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
}

@Suite struct DispatcherDecryptionTests {
    private func setUp(_ decryptor: StandInDecryptor?) throws
        -> (inbox: SQLiteInboxStore, state: SQLiteStateStore, handler: RecordingHandler, dispatcher: Dispatcher)
    {
        let database = try makeDatabase()
        let inbox = SQLiteInboxStore(database)
        let state = SQLiteStateStore(database)
        let handler = RecordingHandler()
        let handlers: [any TransactionHandler] = (decryptor.map { [$0] } ?? []) + [handler]
        let dispatcher = Dispatcher(inbox: inbox, state: state, handlers: handlers, decryptor: decryptor, logger: quietLogger)
        return (inbox, state, handler, dispatcher)
    }

    @Test func aKeyInTheSameTransactionDecryptsItsEventForTheHandlers() async throws {
        let (inbox, state, handler, dispatcher) = try setUp(StandInDecryptor())
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody(
            [encryptedEvent("$enc", session: "s1", body: "hello in secret"), messageEvent("$plain")],
            extra: ["de.sorunome.msc2409.to_device": [roomKey("s1")]]))
        await dispatcher.drainUntilEmpty()
        // To-device first (the key), then the timeline in order; the handler never sees the ciphertext.
        #expect(await handler.log == ["to_device:1", "decrypted:$enc:m.room.message", "timeline:$plain"])
        let decrypted = try #require(await handler.decrypted.first)
        #expect(decrypted.event.content["body"]?.stringValue == "hello in secret")
        #expect(decrypted.encrypted.type == "m.room.encrypted")
        #expect(decrypted.senderDevice == "ALICEDEVICE")
        #expect(await handler.timeline.map(\.eventID) == ["$plain"])
        // The encrypted event taught the state store that the room is encrypted: answers will be too.
        #expect(try await state.isEncrypted(room: "!room"))
    }

    @Test func anUndecryptableEventArrivesWithItsReason() async throws {
        let (inbox, _, handler, dispatcher) = try setUp(StandInDecryptor(withheld: ["s-withheld"]))
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([encryptedEvent("$enc", session: "s-withheld")]))
        await dispatcher.drainUntilEmpty()
        #expect(await handler.log == ["undecryptable:$enc"])
        let undecryptable = try #require(await handler.undecryptable.first)
        #expect(undecryptable.reason == .withheld(code: "m.unverified", reason: nil))
        #expect(undecryptable.event.type == "m.room.encrypted")
        #expect(await handler.timeline.isEmpty)
    }

    @Test func withoutADecryptorEncryptedEventsAreUndecryptableBecauseEncryptionIsOff() async throws {
        let (inbox, state, handler, dispatcher) = try setUp(nil)
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([encryptedEvent("$enc", session: "s1")]))
        await dispatcher.drainUntilEmpty()
        #expect(await handler.undecryptable.map(\.reason) == [.encryptionOff])
        #expect(await handler.timeline.isEmpty)
        // Without encryption the room is not marked encrypted (plaintext notices can still go out).
        #expect(try await !state.isEncrypted(room: "!room"))
    }

    @Test func aLateKeyDecryptsOffTheDispatchersPathWithoutHoldingLaterEvents() async throws {
        let (inbox, _, handler, dispatcher) = try setUp(StandInDecryptor())
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([encryptedEvent("$early", session: "late", body: "wait for me")]))
        await dispatcher.drainUntilEmpty()
        // A later plain message does not wait behind the event whose key has not come.
        _ = try await inbox.enqueue(txnID: "2", body: transactionBody([messageEvent("$next")]))
        await dispatcher.drainUntilEmpty()
        #expect(await handler.log == ["timeline:$next"])
        // The key comes in a later transaction still; the waiting event is then handed over as plaintext.
        _ = try await inbox.enqueue(txnID: "3", body: transactionBody([], extra: ["de.sorunome.msc2409.to_device": [roomKey("late")]]))
        await dispatcher.drainUntilEmpty()
        try await waitForLog(handler, count: 3)
        // (The key's to-device entry may be logged before or after the waiting task sees the key.)
        #expect(await handler.log.filter { !$0.hasPrefix("to_device") } == ["timeline:$next", "decrypted:$early:m.room.message"])
        #expect(await handler.decrypted.first?.event.content["body"]?.stringValue == "wait for me")
    }

    @Test func aKeyThatNeverComesEndsAsKeyNeverArrived() async throws {
        let (inbox, _, handler, dispatcher) = try setUp(StandInDecryptor(keyWait: .milliseconds(200)))
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody([encryptedEvent("$lost", session: "never")]))
        await dispatcher.drainUntilEmpty()
        try await waitForLog(handler, count: 1)
        #expect(await handler.log == ["undecryptable:$lost"])
        #expect(await handler.undecryptable.first?.reason == .keyNeverArrived)
    }

    @Test func eventsTheDecryptorIgnoresReachNoHandler() async throws {
        let (inbox, _, handler, dispatcher) = try setUp(StandInDecryptor())
        _ = try await inbox.enqueue(txnID: "1", body: transactionBody(
            [encryptedEvent("$ours", session: "s1", sender: ours.rawValue), messageEvent("$after")],
            extra: ["de.sorunome.msc2409.to_device": [roomKey("s1")]]))
        await dispatcher.drainUntilEmpty()
        #expect(await handler.log == ["to_device:1", "timeline:$after"])
    }
}
