import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MatrixAppService
import NIOCore
import Testing
@testable import Bridge

/// The turns a listener started.
actor StartedTurns {
    private(set) var all: [AutomatedTurn] = []
    func add(_ turn: AutomatedTurn) { all.append(turn) }
}

/// `POST /hooks/<name>` answered in process: every status, and which deliveries start a turn.
struct WebhookListenerTests {
    static let chat = ChatAddress.matrix(RoomID("!hooks:test"))
    static let secret = "0123456789abcdef"

    let store: any WebhookStore
    let turns = StartedTurns()
    let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
    let app: Application<RouterResponder<BasicRequestContext>>

    init(perMinute: Int = 30, maxBodyBytes: Int = 1024) async throws {
        store = SQLiteWebhookStore(try WebhookPartsTests.database())
        let hook = Webhook(name: "gh", agent: "main", chat: Self.chat, secret: Self.secret, template: "Build says {{header.X-GitHub-Event}}: {{payload}}",
                           createdBy: "@admin:test", createdAt: clock.now)
        _ = try await store.add(hook)
        var settings = AutomationSettings.Webhooks()
        settings.perMinute = perMinute
        settings.maxBodyBytes = maxBodyBytes
        let turns = turns
        let clock = clock
        let listener = WebhookListener(store: store, settings: settings, now: { clock.now }, logger: Logger(label: "test")) { await turns.add($0) }
        app = Application(router: listener.router())
    }

    static func headers(_ body: String, secret: String = secret, event: String = "workflow_run", delivery: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json", .hubSignature256: WebhookSignature.sign(Array(body.utf8), secret: secret),
                                  .gitHubEvent: event]
        if let delivery { fields[.gitHubDelivery] = delivery }
        return fields
    }

    private func post(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields, hook: String = "gh") async throws -> TestResponse {
        try await client.execute(uri: "/hooks/\(hook)", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    private func waitForTurns(_ count: Int) async throws -> [AutomatedTurn] {
        for _ in 0..<200 where await turns.all.count < count { try await Task.sleep(for: .milliseconds(10)) }
        return await turns.all
    }

    @Test func aSignedDeliveryIsAcceptedAndAsksTheHooksAgentInItsChat() async throws {
        try await app.test(.router) { client async throws in
            let response = try await post(client, #"{"ok":true}"#, headers: Self.headers(#"{"ok":true}"#))
            #expect(response.status == .accepted)
            #expect(String(buffer: response.body) == #"{"status":"accepted"}"#)
        }
        let started = try await waitForTurns(1)
        #expect(started == [AutomatedTurn(agent: "main", chat: Self.chat, prompt: #"Build says workflow_run: {"ok":true}"#,
                                          source: .webhook("gh"))])
    }

    @Test func aWrongOrMissingSignatureIsUnauthorizedAndStartsNothing() async throws {
        try await app.test(.router) { client async throws in
            let wrong = try await post(client, "{}", headers: Self.headers("{}", secret: "guess"))
            #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains("error"))
            var unsigned = Self.headers("{}")
            unsigned[.hubSignature256] = nil
            #expect(try await post(client, "{}", headers: unsigned).status == .unauthorized)
            // Signed for another body.
            #expect(try await post(client, "{}", headers: Self.headers("{ }")).status == .unauthorized)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await turns.all.isEmpty)
    }

    @Test func anUnknownHookIsNotFound() async throws {
        try await app.test(.router) { client async throws in
            #expect(try await post(client, "{}", headers: Self.headers("{}"), hook: "nope").status == .notFound)
            #expect(try await post(client, "{}", headers: Self.headers("{}"), hook: "NO%20PE").status == .notFound)
        }
    }

    @Test func aBodyOverTheLimitIsTooLarge() async throws {
        let big = "{\"x\":\"" + String(repeating: "a", count: 2000) + "\"}"
        try await app.test(.router) { client async throws in
            let response = try await post(client, big, headers: Self.headers(big))
            #expect(response.status == .contentTooLarge)
        }
        try await app.test(.live) { client async throws in
            #expect(try await post(client, big, headers: Self.headers(big)).status == .contentTooLarge)
        }
        #expect(await turns.all.isEmpty)
    }

    @Test func aRepeatedDeliveryIdStartsOneTurn() async throws {
        try await app.test(.router) { client async throws in
            #expect(try await post(client, "{}", headers: Self.headers("{}", delivery: "d-1")).status == .accepted)
            let again = try await post(client, "{}", headers: Self.headers("{}", delivery: "d-1"))
            #expect(again.status == .ok && String(buffer: again.body).contains("duplicate"))
            var other = Self.headers("{}")
            other[.requestID] = "r-1"
            #expect(try await post(client, "{}", headers: other).status == .accepted)
            #expect(try await post(client, "{}", headers: other).status == .ok)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await waitForTurns(2).count == 2)
    }

    @Test func githubsPingIsAnsweredWithoutAskingTheAgent() async throws {
        try await app.test(.router) { client async throws in
            let response = try await post(client, #"{"zen":"hi"}"#, headers: Self.headers(#"{"zen":"hi"}"#, event: "ping"))
            #expect(response.status == .ok && String(buffer: response.body) == #"{"status":"pong"}"#)
        }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await turns.all.isEmpty)
    }

    @Test func deliveriesOverThePerMinuteLimitAreRefusedUntilTheMinuteHasPassed() async throws {
        let limited = try await WebhookListenerTests(perMinute: 2)
        try await limited.app.test(.router) { client async throws in
            #expect(try await limited.post(client, "{}", headers: Self.headers("{}", delivery: "a")).status == .accepted)
            #expect(try await limited.post(client, "{}", headers: Self.headers("{}", delivery: "b")).status == .accepted)
            #expect(try await limited.post(client, "{}", headers: Self.headers("{}", delivery: "c")).status == .tooManyRequests)
            limited.clock.advance(61)
            // A delivery refused for its rate may come again with the same id.
            #expect(try await limited.post(client, "{}", headers: Self.headers("{}", delivery: "c")).status == .accepted)
        }
        #expect(try await limited.waitForTurns(3).count == 3)
    }

    @Test func otherMethodsAreNotAllowed() async throws {
        try await app.test(.router) { client async throws in
            #expect(try await client.execute(uri: "/hooks/gh", method: .get).status == .methodNotAllowed)
        }
    }
}
