import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import MatrixAppService

private let token = "hs_token_for_tests_0123456789"

private struct FixedQueries: NamespaceQueryHandler {
    func userExists(_ user: UserID) async -> Bool { user == "@troupe_coder:localhost" }
    func roomAliasExists(_ alias: RoomAlias) async -> Bool { false }
}

private struct BrokenInbox: InboxStore {
    struct DiskFull: Error {}
    func enqueue(txnID: String, body: Data) async throws -> EnqueueResult { throw DiskFull() }
    func pendingIDs() async throws -> [Int64] { [] }
    func entry(id: Int64) async throws -> InboxEntry? { nil }
    func recordRead(id: Int64) async throws -> Int { 1 }
    func unseen(_ eventIDs: [EventID]) async throws -> Set<EventID> { [] }
    func complete(id: Int64, seen eventIDs: [EventID]) async throws {}
    func prune(before cutoff: Date) async throws {}
}

/// An endpoint over an in-memory database, served on a real socket so response framing is real.
private struct Harness {
    let database: DatabaseQueue
    let inbox: any InboxStore
    let dispatcher: Dispatcher
    let handler: RecordingHandler
    let app: Application<RouterResponder<BasicRequestContext>>

    init(inbox: (any InboxStore)? = nil, maxBodyBytes: Int = 1024 * 1024) throws {
        database = try makeDatabase()
        self.inbox = inbox ?? SQLiteInboxStore(database)
        handler = RecordingHandler()
        dispatcher = Dispatcher(inbox: self.inbox, state: SQLiteStateStore(database), handlers: [handler], logger: quietLogger)
        let endpoint = AppServiceEndpoint(hsToken: token, inbox: self.inbox, dispatcher: dispatcher, queries: FixedQueries(),
                                          maxBodyBytes: maxBodyBytes, logger: quietLogger)
        app = Application(router: endpoint.router(), logger: quietLogger)
    }

    func pendingCount() throws -> Int {
        try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM appservice_inbox WHERE processed_at IS NULL") ?? 0 }
    }
}

private let auth: HTTPFields = [.authorization: "Bearer \(token)"]

private func errcode(_ response: TestResponse) -> String? {
    (try? JSONValue.decode(Data(buffer: response.body)))?["errcode"]?.stringValue
}

/// Every answer must carry Content-Length: without it Synapse marks the appservice down.
private func expectFramed(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(response.headers[.contentLength] == String(response.body.readableBytes), sourceLocation: sourceLocation)
    #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
}

@Suite struct EndpointTests {
    @Test func storesTheTransactionBeforeAnswering() async throws {
        let harness = try Harness()
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth,
                                                    body: ByteBuffer(data: transactionBody([messageEvent("$a")])))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "{}")
            expectFramed(response)
            // Nothing drained yet, yet the transaction is already on disk.
            #expect(try harness.pendingCount() == 1)
        }
        await harness.dispatcher.drainUntilEmpty()
        #expect(await harness.handler.timeline.map(\.eventID) == ["$a"])
        #expect(try harness.pendingCount() == 0)
    }

    @Test func missingTokenIsUnauthorized() async throws {
        try await Harness().app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put,
                                                    body: ByteBuffer(data: transactionBody([])))
            #expect(response.status == .unauthorized)
            #expect(errcode(response) == "M_MISSING_TOKEN")
            expectFramed(response)
        }
    }

    @Test func wrongTokenIsForbidden() async throws {
        try await Harness().app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put,
                                                    headers: [.authorization: "Bearer nope"], body: ByteBuffer(data: transactionBody([])))
            #expect(response.status == .forbidden)
            #expect(errcode(response) == "M_FORBIDDEN")
            expectFramed(response)
        }
    }

    @Test func legacyQueryTokenAndLegacyPathAreAccepted() async throws {
        let harness = try Harness()
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/transactions/7?access_token=\(token)", method: .put,
                                                    body: ByteBuffer(data: transactionBody([messageEvent("$legacy")])))
            #expect(response.status == .ok)
            #expect(try harness.pendingCount() == 1)
        }
    }

    @Test func emptyBodyIsNotJSON() async throws {
        try await Harness().app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth)
            #expect(response.status == .badRequest)
            #expect(errcode(response) == "M_NOT_JSON")
            expectFramed(response)
        }
    }

    @Test func garbageAndMissingEventsAreBadJSONAndNotStored() async throws {
        let harness = try Harness()
        try await harness.app.test(.live) { client in
            let garbage = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth,
                                                   body: ByteBuffer(string: "{\"events\": [1, 2"))
            #expect(garbage.status == .badRequest)
            #expect(errcode(garbage) == "M_NOT_JSON" || errcode(garbage) == "M_BAD_JSON")
            let noEvents = try await client.execute(uri: "/_matrix/app/v1/transactions/2", method: .put, headers: auth,
                                                    body: ByteBuffer(string: "{}"))
            #expect(noEvents.status == .badRequest)
            #expect(errcode(noEvents) == "M_BAD_JSON")
            expectFramed(noEvents)
        }
        #expect(try harness.pendingCount() == 0)
    }

    @Test func oversizedBodyIsAnsweredAndDroppedSoTheQueueMovesOn() async throws {
        // A 413 would make the homeserver send the same transaction forever, and nothing after it.
        let harness = try Harness(maxBodyBytes: 64 * 1024)
        let big = transactionBody([messageEvent("$big", body: String(repeating: "x", count: 100 * 1024))])
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth,
                                                    body: ByteBuffer(data: big))
            #expect(response.status == .ok)
            expectFramed(response)
            let next = try await client.execute(uri: "/_matrix/app/v1/transactions/2", method: .put, headers: auth,
                                                body: ByteBuffer(data: transactionBody([messageEvent("$next")])))
            #expect(next.status == .ok)
        }
        #expect(harness.dispatcher.stats.oversizedBodies == 1)
        await harness.dispatcher.drainUntilEmpty()
        #expect(await harness.handler.timeline.map(\.eventID) == ["$next"])
    }

    @Test func deeplyNestedHugeEventIsStoredAnsweredAndTheNextMessageHandled() async throws {
        // 400 levels inside the content (Synapse stops client events at ~128, other servers need not) and
        // a 60 KB body: the event is dropped by id, the rest of the transaction and the next one go on.
        let harness = try Harness(maxBodyBytes: AppServiceEndpoint.defaultMaxBodyBytes)
        let deep = String(repeating: #"{"a":"#, count: 400) + "1" + String(repeating: "}", count: 400)
        let hostile = #"{"type":"m.room.message","event_id":"$deep","room_id":"!room","sender":"@mallory:localhost","#
            + #""content":{"msgtype":"m.text","body":"\#(String(repeating: "y", count: 60_000))","x":\#(deep)}}"#
        let body = #"{"events":[\#(hostile),\#(String(decoding: try messageEvent("$same").jsonData(), as: UTF8.self))]}"#
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth,
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "{}")
            #expect(try harness.pendingCount() == 1)
            let next = try await client.execute(uri: "/_matrix/app/v1/transactions/2", method: .put, headers: auth,
                                                body: ByteBuffer(data: transactionBody([messageEvent("$next")])))
            #expect(next.status == .ok)
        }
        await harness.dispatcher.drainUntilEmpty()
        #expect(await harness.handler.timeline.map(\.eventID) == ["$same", "$next"])
        #expect(harness.dispatcher.stats.droppedItems == 1)
        #expect(try harness.pendingCount() == 0)
    }

    @Test func aMillionLevelsDeepIsStillATransaction() async throws {
        let harness = try Harness(maxBodyBytes: 4 * 1024 * 1024)
        let deep = String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000)
        let body = #"{"events":[{"type":"m.room.message","event_id":"$deep","room_id":"!room","sender":"@m:localhost","content":\#(deep)},"#
            + String(decoding: try messageEvent("$ok").jsonData(), as: UTF8.self) + "]}"
        try await harness.app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth,
                                                    body: ByteBuffer(string: body))
            #expect(response.status == .ok)
        }
        await harness.dispatcher.drainUntilEmpty()
        #expect(await harness.handler.timeline.map(\.eventID) == ["$ok"])
    }

    @Test func unknownRouteIsUnrecognized() async throws {
        try await Harness().app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/thirdparty/protocol/irc", method: .get, headers: auth)
            #expect(response.status == .notFound)
            #expect(errcode(response) == "M_UNRECOGNIZED")
            expectFramed(response)
        }
    }

    @Test func storeFailureAsksTheHomeserverToRetry() async throws {
        try await Harness(inbox: BrokenInbox()).app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth,
                                                    body: ByteBuffer(data: transactionBody([messageEvent("$x")])))
            #expect(response.status.code >= 500)
            expectFramed(response)
        }
    }

    @Test func userQueryAnswersForKnownAgentsOnly() async throws {
        try await Harness().app.test(.live) { client in
            let known = try await client.execute(uri: "/_matrix/app/v1/users/%40troupe_coder%3Alocalhost", method: .get, headers: auth)
            #expect(known.status == .ok)
            expectFramed(known)
            let unknown = try await client.execute(uri: "/_matrix/app/v1/users/@troupe_nobody:localhost", method: .get, headers: auth)
            #expect(unknown.status == .notFound)
            #expect(errcode(unknown) == "M_NOT_FOUND")
            let alias = try await client.execute(uri: "/_matrix/app/v1/rooms/%23troupe_x%3Alocalhost", method: .get, headers: auth)
            #expect(alias.status == .notFound)
            let noToken = try await client.execute(uri: "/_matrix/app/v1/users/@troupe_coder:localhost", method: .get)
            #expect(noToken.status == .unauthorized)
        }
    }

    @Test func pingAnswersEmptyObject() async throws {
        try await Harness().app.test(.live) { client in
            let response = try await client.execute(uri: "/_matrix/app/v1/ping", method: .post, headers: auth,
                                                    body: ByteBuffer(string: #"{"transaction_id":"t"}"#))
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "{}")
            expectFramed(response)
        }
    }

    @Test func retriedTransactionIsStoredOnceButAReusedIDWithNewContentIsNot() async throws {
        let harness = try Harness()
        try await harness.app.test(.live) { client in
            let first = ByteBuffer(data: transactionBody([messageEvent("$1")]))
            for _ in 0..<2 {
                let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth, body: first)
                #expect(response.status == .ok)
            }
            // After a homeserver restart ids start again at 1, with new content.
            let afterRestart = ByteBuffer(data: transactionBody([messageEvent("$2")]))
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: auth, body: afterRestart)
            #expect(response.status == .ok)
        }
        await harness.dispatcher.drainUntilEmpty()
        #expect(await harness.handler.timeline.map(\.eventID) == ["$1", "$2"])
    }
}

@Suite struct TokenCheckTests {
    @Test func constantTimeComparison() {
        #expect(TokenCheck.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!TokenCheck.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!TokenCheck.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        #expect(!TokenCheck.constantTimeEquals([], Array("a".utf8)))
    }

    @Test func aGuessLongerByAMultipleOf256IsNotTheToken() {
        // The token followed by 256 NUL bytes: folding the length difference into 8 bits made it equal.
        let token = Array("secret".utf8)
        #expect(!TokenCheck.constantTimeEquals(token + [UInt8](repeating: 0, count: 256), token))
        #expect(!TokenCheck.constantTimeEquals(token, token + [UInt8](repeating: 0, count: 512)))
        #expect(!TokenCheck.constantTimeEquals([UInt8](repeating: 0, count: 256), []))
    }
}
